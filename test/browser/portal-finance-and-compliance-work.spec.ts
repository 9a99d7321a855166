import { createTestDatabase, TestDatabase } from '@revcycle/persistence';
import { totpAt } from '@revcycle/identity';
import { execFile } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { seriousViolations } from './axe';
import { SHOTS, describeInBrowser, launchChromium } from './chromium';
import { DENIED_CLP, HoldBackProxy, holdBack835s } from './hold-back-proxy';
import {
  PlatformProcess,
  revcycle,
  revcycleText,
  root,
  startPlatform,
  platformEnv,
} from './platform-process';

/**
 * Issue 11 point 4, finance and compliance: the portal in Debian's Chromium against the platform as
 * `npm start` runs it, on the demo's day. The demo runs through a pass-through that keeps its 835s
 * back; the test posts all but one (one with a denial), which finance uploads in the browser — with its progress bar —
 * and sees its payments and its denial; finance works a denial from the queue by keyboard; the other
 * finance screens (unmatched review, reconciliation, AR aging, KPIs) show the day; a compliance
 * officer finds that work in the audit log and verifies the chain. Every screen passes axe-core (no
 * serious or critical violation) and is saved to docs/screenshots.
 */

const PASSWORD = 'quiet harbour at noon 7';

/** `revcycle …` without blocking the event loop (the hold-back proxy answers the demo meanwhile). */
function revcycleAsync(env: Record<string, string>, args: string[]): Promise<string> {
  return new Promise((resolve, reject) =>
    execFile(
      process.execPath,
      ['-r', './tools/register-paths.js', 'dist/apps/cli/src/main.js', ...args],
      { cwd: root, env: { PATH: process.env['PATH'] ?? '', ...env }, maxBuffer: 16 * 1024 * 1024 },
      (err, stdout, stderr) =>
        err ? reject(new Error(`${err.message}\n${stderr}`)) : resolve(stdout.trim()),
    ),
  );
}

describeInBrowser('finance and compliance work in the portal', () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'rc-portal-money-'));
  let db: TestDatabase | undefined;
  let platform: PlatformProcess;
  let proxy: HoldBackProxy;
  let browser: Browser;
  let held835: string;
  let officerSecret = '';
  /** A finance bearer token, for what the test reads beside the browser (the payer directory). */
  let financeToken = '';

  beforeAll(async () => {
    db = process.env['DATABASE_URL'] ? await createTestDatabase() : undefined;
    const env: Record<string, string> = platformEnv(dataDir, db?.url);
    // A fresh database's migrations take minutes when the machine is shared and busy.
    platform = await startPlatform(env, 360_000);
    for (const [user, role] of [
      ['fin1', 'finance'],
      ['officer1', 'compliance'],
    ])
      revcycle(env, ['users', 'create', '--user', user, '--role', role, '--password-stdin'], `${PASSWORD}\n`);
    // Before any request of this process: a synchronous child blocks the event loop, and a pooled
    // keep-alive socket the platform closed meanwhile would fail the next fetch (other side closed).
    const token = revcycleText(env, ['token', '--role', 'finance', '--user', 'demo-finance']);
    financeToken = token;
    // The demo's day (`npm run demo`), one payer's 835 kept back for the browser.
    proxy = await holdBack835s(platform.url);
    await revcycleAsync(env, ['demo', '--url', proxy.url, '--encounters', '24', '--seed', '11']);
    const held = proxy.held();
    if (held.length === 0) throw new Error(`the demo sent no 835 (${JSON.stringify(proxy.seen())})`);
    const keep = Math.max(
      0,
      held.findIndex((t) => DENIED_CLP.test(t)),
    );
    held835 = held[keep];
    // The others posted as the demo would have, so that the day is whole before finance signs in.
    for (const [i, text] of held.entries()) {
      if (i === keep) continue;
      const r = await fetch(`${platform.url}/remittance/advices`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/edi-x12' },
        body: text,
      });
      expect([200, 201]).toContain(r.status);
    }
    browser = await launchChromium();
  }, 720_000);

  afterAll(async () => {
    await browser?.close();
    await proxy?.close();
    await platform?.stop();
    await db?.drop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }, 60_000);

  async function newPage(): Promise<Page> {
    const context = await browser.newContext({ viewport: { width: 1360, height: 900 } });
    return context.newPage();
  }

  /** axe on the screen as it stands, then its screenshot. */
  async function screen(page: Page, name: string): Promise<void> {
    await page.waitForLoadState('networkidle');
    expect({ screen: name, violations: await seriousViolations(page) }).toEqual({
      screen: name,
      violations: [],
    });
    await page.screenshot({ path: path.join(SHOTS, `${name}.png`), fullPage: true });
  }

  async function signIn(page: Page, user: string): Promise<void> {
    await page.goto(`${platform.url}/sign-in`);
    await page.getByLabel('User name').fill(user);
    await page.getByLabel('Password').fill(PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
  }

  const nav = (page: Page) => page.getByRole('navigation', { name: 'Work' });

  it('finance uploads an 835 with a progress bar and sees its payments and its denial', async () => {
    const page = await newPage();
    await signIn(page, 'fin1');
    await page.getByRole('heading', { name: 'Remittances', level: 1 }).waitFor();
    await expect(nav(page).getByRole('link').allTextContents()).resolves.toEqual([
      'Remittances',
      'Unmatched review',
      'Denials',
      'Reconciliation',
      'AR aging',
      'KPIs',
    ]);
    await page.getByLabel('835 file').setInputFiles({
      name: 'payer.835',
      mimeType: 'text/plain',
      buffer: Buffer.from(held835),
    });
    // A slow uplink (DevTools network conditions) so that the progress bar is seen moving.
    const cdp = await page.context().newCDPSession(page);
    await cdp.send('Network.enable');
    await cdp.send('Network.emulateNetworkConditions', {
      offline: false,
      latency: 50,
      downloadThroughput: -1,
      uploadThroughput: Math.max(1024, Math.floor(held835.length / 3)),
    });
    const posted = page.waitForResponse(
      (r) => r.url().endsWith('/remittance/advices') && r.request().method() === 'POST',
    );
    await page.getByRole('button', { name: 'Upload and post' }).click();
    const bar = page.getByRole('progressbar', { name: '835 upload' });
    await bar.waitFor();
    expect(Number(await bar.getAttribute('max'))).toBe(Buffer.byteLength(held835));
    expect((await posted).status()).toBe(201);
    await cdp.send('Network.emulateNetworkConditions', {
      offline: false,
      latency: 0,
      downloadThroughput: -1,
      uploadThroughput: -1,
    });
    const result = page.getByRole('status').filter({ hasText: /Posted \d+ of \d+ transaction sets/ });
    await result.waitFor();
    await bar.waitFor({ state: 'detached' });
    await screen(page, 'finance-remittance-posted');

    // The advice it posted: its claims, paid ones and the denial.
    await page
      .getByRole('button', { name: /^Open posted advice/ })
      .first()
      .click();
    const detail = page.getByRole('region', { name: 'Advice detail' });
    await detail.getByRole('heading', { name: /^Advice / }).waitFor();
    const claims = detail.getByRole('table', { name: /Claims paid or denied in this advice/ });
    await claims.getByRole('row').nth(1).waitFor();
    const outcomes = await claims.locator('tbody tr td:nth-child(2)').allTextContents();
    expect(outcomes).toContain('denied');
    expect(outcomes.some((o) => o === 'paid' || o === 'partially paid')).toBe(true);
    await screen(page, 'finance-advice-detail');

    // The same file again posts nothing: the screen says so.
    await page.getByRole('button', { name: 'Upload and post' }).click();
    await page.getByRole('status').filter({ hasText: 'Already received' }).waitFor();

    // The advices by trace number (TRN02), filtered by the server.
    const trace = /^Advice (\S+)/.exec(
      (await detail.getByRole('heading', { name: /^Advice / }).textContent())!,
    )![1];
    const filtered = page.waitForRequest(
      (r) => r.url().includes(`/remittance/advices?`) && r.url().includes(`traceNumber=${trace}`),
    );
    await page.getByLabel('Trace number').fill(trace);
    await filtered;
    const advices = page.getByRole('table', { name: /Remittance advices posted/ });
    await advices.getByText('— 1–1 of 1').waitFor();
    await expect(advices.locator('tbody tr').first().textContent()).resolves.toContain(trace);
    await page.context().close();
  });

  it('finance works a denial from the queue with the keyboard', async () => {
    const page = await newPage();
    await signIn(page, 'fin1');
    await nav(page).getByRole('link', { name: 'Denials' }).click();
    await page.getByRole('heading', { name: 'Denials', level: 1 }).waitFor();
    const queue = page.getByRole('table', { name: /Denied claims and lines/ });
    await queue.getByText(/— 1–\d+ of \d+/).waitFor();
    // CARC and RARC in words, and the suggested action preselected.
    const first = queue.locator('tbody tr').first();
    await expect(first.locator('ul.codes li').first().textContent()).resolves.toMatch(/^[A-Z]{2}-\w+ .{10,}/);
    // Payers by name, from the payer directory finance may read (payer:read), not by their ids.
    const directory = await fetch(`${platform.url}/payers?limit=500`, {
      headers: { authorization: `Bearer ${financeToken}` },
    });
    expect(directory.status).toBe(200);
    const names = ((await directory.json()) as { items: Array<{ name: string }> }).items.map((p) => p.name);
    expect(names.length).toBeGreaterThan(0);
    const literally = (t: string) => t.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    const anyName = new RegExp(`^(${names.map(literally).join('|')})$`);
    await first.locator('td').nth(3).filter({ hasText: anyName }).waitFor();
    const payerCells = await queue.locator('tbody tr td:nth-child(4)').allTextContents();
    expect(payerCells.filter((cell) => !names.includes(cell))).toEqual([]);
    const options = await page.getByLabel('Payer').locator('option').allTextContents();
    expect(options.slice(1).filter((o) => !names.includes(o))).toEqual([]);
    await screen(page, 'finance-denials');

    // Sorted by the server: the largest denied amount first.
    const sorted = page.waitForRequest(
      (r) => r.url().includes('/remittance/denials?') && r.url().includes('sort=largest'),
    );
    await page.getByLabel('Sort').selectOption('largest');
    await sorted;
    await queue.getByText(/— 1–\d+ of \d+/).waitFor();
    const amounts = (await queue.locator('tbody tr td:nth-child(5)').allTextContents()).map((t) =>
      Number(t.replace(/[$,]/g, '')),
    );
    expect(amounts).toEqual([...amounts].sort((a, b) => b - a));

    const row = queue.locator('tbody tr').first();
    const claim = (await row.locator('td').nth(2).textContent())!
      .replace(/(whole claim|line .*)$/, '')
      .trim();
    const total = Number(/of (\d+)/.exec((await queue.locator('caption').textContent())!)![1]);
    const resolved = page.waitForResponse(
      (r) => r.url().includes('/resolve') && r.request().method() === 'POST',
    );
    // Keyboard only: focus the action, pick "Appeal", tab to the note, type it, Enter submits.
    await row.getByRole('combobox', { name: /^Action for / }).focus();
    await row.getByRole('combobox', { name: /^Action for / }).selectOption('appeal');
    await page.keyboard.press('Tab');
    await page.keyboard.type('appeal sent with the operative report');
    await page.keyboard.press('Enter');
    const answer = await resolved;
    expect(answer.status()).toBe(200);
    expect(((await answer.json()) as { resolution: { action: string } }).resolution.action).toBe('appeal');
    // It leaves the open queue and is among the resolved, with who worked it.
    await queue.getByText(new RegExp(`of ${total - 1}$|nothing waiting`)).waitFor();
    await page.getByLabel('State').selectOption('resolved');
    const done = queue.locator('tbody tr').filter({ hasText: claim }).filter({ hasText: 'Appeal — fin1' });
    await done.first().waitFor();
    await expect(done.first().textContent()).resolves.toContain('appeal sent with the operative report');
    await page.context().close();
  });

  it("shows finance the day's unmatched review, reconciliation, AR aging and KPIs, charts with their data", async () => {
    const page = await newPage();
    await signIn(page, 'fin1');
    await nav(page).getByRole('link', { name: 'Unmatched review' }).click();
    await page.getByRole('heading', { name: 'Unmatched review' }).waitFor();
    await page
      .getByRole('table', { name: /Remittance items waiting/ })
      .getByText(/— /)
      .waitFor();
    await screen(page, 'finance-unmatched');

    await nav(page).getByRole('link', { name: 'Reconciliation' }).click();
    await page.getByRole('heading', { name: 'Deposit reconciliation' }).waitFor();
    const matched = page.getByRole('table', { name: /^Matched/ });
    await matched.locator('tbody tr').first().waitFor();
    // The demo's bank file carried the held-back 835's EFT too: now that it is posted, it matches.
    await expect(
      page.getByRole('table', { name: /Deposits no remittance explains/ }).textContent(),
    ).resolves.toContain('— none');
    // A bank's CSV with a credit no remittance explains: taken in (with its progress), then listed.
    await page.getByLabel('BAI2 or CSV bank file').setInputFiles({
      name: 'bank.csv',
      mimeType: 'text/csv',
      buffer: Buffer.from(
        `date,amount,trace,description\n${new Date().toISOString().slice(0, 10)},123.45,LB7700001,lockbox\n`,
      ),
    });
    await page.getByRole('button', { name: 'Upload deposits' }).click();
    await page.getByRole('status').filter({ hasText: 'CSV: 1 deposits, $123.45' }).waitFor();
    await page
      .getByRole('table', { name: /Deposits no remittance explains/ })
      .locator('tbody tr')
      .filter({ hasText: 'LB7700001' })
      .waitFor();
    await screen(page, 'finance-reconciliation');

    await nav(page).getByRole('link', { name: 'AR aging' }).click();
    await page.getByRole('heading', { name: 'AR aging' }).waitFor();
    // A recharts chart with its accessibility layer (a focusable surface named by its caption).
    const aging = page.getByRole('application', { name: /Receivables by payer/ });
    await aging.waitFor();
    await expect(aging.locator('.chart-bar title').count()).resolves.toBeGreaterThan(0);
    await expect(aging.locator('.chart-bar title').first().textContent()).resolves.toMatch(
      /days: \$[\d,]+\.\d\d$/,
    );
    // The total written after each bar is the total the data table (the API's figures) holds, row by row.
    const agingFigure = page.locator('figure.chart').filter({ has: aging });
    const totals = await agingFigure.locator('table tbody tr td:last-child').allTextContents();
    expect(totals.length).toBeGreaterThan(0);
    await expect(aging.locator('.recharts-label-list text').allTextContents()).resolves.toEqual(totals);
    await expect(
      aging.getAttribute('aria-describedby').then((id) => page.locator(`[id="${id}"]`).textContent()),
    ).resolves.toContain(totals[0]);
    // The keyboard reaches the chart, and an arrow key brings up a row's figures (announced: a status).
    const payers = await agingFigure.locator('table tbody th[scope="row"]').allTextContents();
    await aging.focus();
    await page.keyboard.press('ArrowRight');
    const tip = agingFigure.getByRole('status').filter({ hasText: /days : \$[\d,]+\.\d\d/ });
    await tip.waitFor();
    const tipText = (await tip.textContent()) ?? '';
    expect(payers.filter((p) => tipText.includes(p))).toHaveLength(1);
    await screen(page, 'finance-ar-aging');

    await nav(page).getByRole('link', { name: 'KPIs' }).click();
    await page.getByRole('heading', { name: 'Revenue cycle KPIs' }).waitFor();
    for (const name of [/Denials by reason/, /Denial rate by payer/, /Collections per payment date/])
      await page.getByRole('application', { name }).waitFor();
    // Each plot has its numbers as a table too (a keyboard opens it).
    const summary = page.getByText('Data table: Collections per payment date (BPR02)');
    await summary.focus();
    await page.keyboard.press('Enter');
    const collected = page.getByRole('table', { name: 'Collections per payment date (BPR02)' });
    await expect(collected.locator('tbody tr').count()).resolves.toBeGreaterThan(0);
    // Each point of the line is titled with its date and amount, the table's rows exactly.
    const rows = await collected
      .locator('tbody tr')
      .evaluateAll((trs) => trs.map((tr) => Array.from(tr.children, (c) => c.textContent).join(': ')));
    await expect(
      page
        .getByRole('application', { name: /Collections per payment date/ })
        .locator('.chart-point title')
        .allTextContents(),
    ).resolves.toEqual(rows);
    await expect(page.getByText('Clean-claim rate').count()).resolves.toBe(1);
    await screen(page, 'finance-kpis');
    await page.context().close();
  });

  it("a compliance officer finds finance's work in the audit log and verifies the chain", async () => {
    const page = await newPage();
    await signIn(page, 'officer1');
    await page.getByRole('heading', { name: 'Set up your second factor' }).waitFor();
    officerSecret = (await page.getByTestId('totp-secret').textContent())!.replace(/\s/g, '');
    await page.getByLabel('Code from the app').fill(totpAt(officerSecret, Date.now()));
    await page.getByRole('button', { name: 'Confirm' }).click();
    await page.getByRole('heading', { name: 'Audit log', level: 1 }).waitFor();

    // The denial worked above: an update of a Denial by fin1 (the audit trail is written asynchronously).
    const deadline = Date.now() + 30_000;
    let found = 0;
    while (found === 0 && Date.now() < deadline) {
      found = await page.evaluate(() =>
        fetch('/audit?actorId=fin1&action=update')
          .then((r) => r.json() as Promise<{ total: number }>)
          .then((p) => p.total),
      );
      if (found === 0) await page.waitForTimeout(250);
    }
    expect(found).toBeGreaterThan(0);
    await page.getByLabel('Actor').fill('fin1');
    await page.getByLabel('Action').selectOption('update');
    const log = page.getByRole('table', { name: /Who did what, when/ });
    await log.locator('tbody tr').filter({ hasText: 'update Denial' }).first().waitFor({ timeout: 30_000 });
    await page.getByRole('button', { name: 'Verify chain' }).click();
    const verified = page.getByRole('status').filter({ hasText: /^Chain intact: [\d,]+ entries verified/ });
    await verified.waitFor();
    await screen(page, 'compliance-audit-verified');
    await page.context().close();
  });
});
