import { createTestDatabase, TestDatabase } from '@revcycle/persistence';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { seriousViolations } from './axe';
import { SHOTS, describeInBrowser, launchChromium } from './chromium';
import { PlatformProcess, revcycle, revcycleText, startPlatform, platformEnv } from './platform-process';

/**
 * Issue 11 point 3–5, the coder's and the biller's screens in Debian's Chromium against the platform
 * as `npm start` runs it, after the demo's day of work: a coder opens a queue item from the keyboard,
 * looks codes up in the packaged code sets and completes it; a biller fixes a claim the scrubber
 * rejected in the edit queue's inline form and sees it ready, follows its status history, finds and
 * fixes a patient, fixes an open encounter inline, and creates a batch and downloads its 837 (the queue
 * of 10,000 real items is portal-coding-queue-of-10000.spec.ts). Every screen passes axe-core and is
 * saved to docs/screenshots.
 */

const PASSWORD = 'quiet harbour lights 7';

interface Listed<T> {
  total: number;
  items: T[];
}

describeInBrowser('the coder and biller screens in a real browser', () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'rc-portal-work-'));
  let db: TestDatabase | undefined;
  let platform: PlatformProcess;
  let browser: Browser;
  let env: Record<string, string>;
  let token: string;
  /** The claim the scrubber rejects (NCCI PTP: 80048 is a component of 80053), made for the biller. */
  let rejected: { id: string; patientControlNumber: string };
  /** Open encounters (drafts) for the biller to fix inline: one to save, one finalized under the form. */
  let drafts: Array<{ id: string; dateOfService: string }>;

  const call = async <T>(method: string, url: string, body?: unknown): Promise<T> => {
    const r = await fetch(`${platform.url}${url}`, {
      method,
      headers: {
        authorization: `Bearer ${token}`,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await r.text();
    if (!r.ok) throw new Error(`${method} ${url}: ${r.status} ${text}`);
    return (text ? JSON.parse(text) : undefined) as T;
  };

  beforeAll(async () => {
    db = process.env['DATABASE_URL'] ? await createTestDatabase() : undefined;
    env = platformEnv(dataDir, db?.url);
    platform = await startPlatform(env);
    for (const [user, role] of [
      ['coder2', 'coder'],
      ['biller3', 'biller'],
    ])
      revcycle(env, ['users', 'create', '--user', user, '--role', role, '--password-stdin'], `${PASSWORD}\n`);
    revcycle(env, ['demo', '--url', platform.url, '--encounters', '16', '--seed', '11']);
    token = revcycleText(env, ['token', '--role', 'biller', '--user', 'browser-setup']);
    // The CLI calls above blocked this event loop: let it see the sockets the platform closed
    // meanwhile, or the next fetch reuses one (fetch failed: other side closed).
    await new Promise((resolve) => setImmediate(resolve));

    // A claim the scrubber stops, as the demo's chart would produce it.
    const patient = (await call<Listed<{ id: string }>>('GET', '/patients?limit=1')).items[0]!;
    const coverage = (await call<Listed<{ id: string }>>('GET', `/patients/${patient.id}/coverages`))
      .items[0]!;
    const providers = (await call<Listed<{ id: string; kind: string }>>('GET', '/providers?limit=50')).items;
    const line = (code: string, chargeCents: number) => ({
      code,
      units: 1,
      chargeCents,
      diagnosisPointers: [1],
      modifiers: [],
    });
    const encounter = await call<{ id: string }>('POST', '/encounters', {
      patientId: patient.id,
      coverageId: coverage.id,
      billingProviderId: providers.find((p) => p.kind === 'organization')!.id,
      renderingProviderId: providers.find((p) => p.kind === 'individual')!.id,
      dateOfService: '2026-09-14',
      placeOfService: '11',
      diagnoses: [{ code: 'E78.5' }],
      procedures: [line('99213', 12500), line('80053', 4600), line('80048', 3600)],
    });
    await call('POST', `/encounters/${encounter.id}/finalize`);
    drafts = [];
    for (const dateOfService of ['2026-07-29', '2026-07-30'])
      drafts.push({
        id: (
          await call<{ id: string }>('POST', '/encounters', {
            patientId: patient.id,
            coverageId: coverage.id,
            billingProviderId: providers.find((p) => p.kind === 'organization')!.id,
            renderingProviderId: providers.find((p) => p.kind === 'individual')!.id,
            dateOfService,
            placeOfService: '11',
            diagnoses: [{ code: 'E78.5' }],
            procedures: [line('99213', 12500)],
          })
        ).id,
        dateOfService,
      });
    const deadline = Date.now() + 60_000;
    for (;;) {
      const claims = await call<Listed<{ id: string; patientControlNumber: string; status: string }>>(
        'GET',
        `/claims?encounterId=${encounter.id}`,
      );
      const claim = claims.items[0];
      if (claim?.status === 'rejected') {
        rejected = claim;
        break;
      }
      if (claim && claim.status !== 'rejected') throw new Error(`the PTP claim is ${claim.status}`);
      if (Date.now() > deadline) throw new Error('no claim for the PTP encounter');
      await new Promise((resolve) => setTimeout(resolve, 200));
    }

    browser = await launchChromium();
  }, 600_000);

  afterAll(async () => {
    await browser?.close();
    await platform?.stop();
    await db?.drop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }, 60_000);

  async function signedIn(user: string, before?: (page: Page) => Promise<void>): Promise<Page> {
    const context = await browser.newContext({
      viewport: { width: 1280, height: 900 },
      acceptDownloads: true,
    });
    const page = await context.newPage();
    await before?.(page);
    await page.goto(`${platform.url}/sign-in`);
    await page.getByLabel('User name').fill(user);
    await page.getByLabel('Password').fill(PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('navigation', { name: 'Work' }).waitFor();
    return page;
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

  it('a coder opens a queue item from the keyboard, looks the codes up and completes it', async () => {
    const page = await signedIn('coder2');
    await page.getByRole('heading', { name: 'Coding queue' }).waitFor();
    await page.getByText(/— \d+ in all, row 1/).waitFor();
    const waiting = Number(/— (\d+) in all/.exec((await page.locator('caption .count').textContent())!)![1]);
    expect(waiting).toBeGreaterThan(0);
    // Sorted by the server: a click on a sortable header asks for ?sort=.
    const sorted = page.waitForRequest(
      (r) => r.url().includes('/coding/queue?') && r.url().includes('sort=date-of-service'),
    );
    await page.getByRole('button', { name: 'Date of service' }).click();
    await sorted;
    await screen(page, 'coder-coding-queue');

    // Keyboard: the list is one tab stop; Enter opens the current row.
    await page.getByRole('region', { name: /Encounters waiting for a coder/ }).focus();
    await page.keyboard.press('Home');
    await page.keyboard.press('Enter');
    await page.waitForURL(/\/work\/coding\/[0-9a-f-]{36}$/);
    await page.getByRole('heading', { name: 'Coding work item' }).waitFor();
    await page.getByRole('heading', { name: 'What did not validate' }).waitFor();

    // Each diagnosis that did not validate: look it up, take the first billable code of its category.
    const problems = await page
      .locator('section[aria-labelledby="problems-title"] li strong')
      .allTextContents();
    const bad = [
      ...new Set(problems.filter((f) => f.startsWith('diagnoses')).map((f) => Number(/\d+/.exec(f)![0]))),
    ];
    expect(bad.length).toBeGreaterThan(0);
    for (const i of bad) {
      const category = (await page.getByLabel(`Diagnosis ${i + 1}`, { exact: true }).inputValue()).slice(
        0,
        3,
      );
      await page.getByRole('button', { name: `Look up diagnosis ${i + 1}` }).click();
      const use = page.getByRole('button', { name: new RegExp(`^Use for diagnosis ${i + 1} ${category}`) });
      await use.first().waitFor();
      const enabled = use.and(page.locator('button:not([disabled])'));
      const label = (await enabled.first().getAttribute('aria-label'))!;
      await enabled.first().click();
      const code = label.split(' ').pop()!;
      await expect(page.getByLabel(`Diagnosis ${i + 1}`, { exact: true }).inputValue()).resolves.toBe(code);
    }
    // The look-up shows descriptions, the billable flag and the effective dates of the release.
    await page.getByLabel('Code or words').fill('type 2 diabetes hyperglycemia');
    await page.getByRole('cell', { name: 'E11.65', exact: true }).waitFor();
    await expect(
      page.getByRole('table').filter({ hasText: 'ICD-10-CM FY2026' }).textContent(),
    ).resolves.toContain('2025-10-01 – 2026-09-30');
    await screen(page, 'coder-work-item');

    const done = page.waitForResponse(
      (r) => r.url().includes('/complete') && r.request().method() === 'POST',
    );
    await page.getByRole('button', { name: 'Complete coding' }).click();
    expect((await done).status()).toBe(200);
    await page.getByRole('status').filter({ hasText: 'Completed: the encounter is coded' }).waitFor();
    await page.getByRole('link', { name: '← Coding queue' }).click();
    await page.getByText(new RegExp(`— ${waiting - 1} in all`)).waitFor();
    await page.context().close();
  });

  it('a biller fixes a rejected claim in the edit queue and sees it ready, then its history', async () => {
    const page = await signedIn('biller3');
    await page.getByRole('heading', { name: 'Claim edit queue' }).waitFor();
    await page.getByLabel('Edit category').selectOption('ncci-ptp');
    const row = page.getByRole('row').filter({ hasText: rejected.patientControlNumber });
    await row.waitFor();
    await row.getByRole('button', { name: `Correct claim ${rejected.patientControlNumber}` }).click();
    const form = page.getByRole('form', { name: `Correct claim ${rejected.patientControlNumber}` });
    await form.getByLabel('Line 3 procedure').waitFor();
    await expect(form.getByLabel('Line 3 procedure').inputValue()).resolves.toBe('80048');
    await screen(page, 'biller-claim-edit-queue');
    // 80048 is bundled into 80053 (NCCI PTP, modifier indicator 0): the fix is to drop the component.
    await form.getByRole('button', { name: 'Remove line 3' }).click();
    await form.getByLabel('Note').fill('80048 is a component of 80053');
    await form.getByRole('button', { name: 'Save and re-scrub' }).click();
    await form.getByRole('status').filter({ hasText: 'ready to batch' }).waitFor();
    await screen(page, 'biller-claim-corrected');

    await page.getByRole('link', { name: rejected.patientControlNumber }).click();
    await page.getByRole('heading', { name: `Claim ${rejected.patientControlNumber}` }).waitFor();
    const timeline = page.locator('ol.timeline li');
    await timeline.filter({ hasText: 'rejected by the scrubber → ready to batch' }).waitFor();
    const changes = await timeline.allTextContents();
    expect(changes.length).toBeGreaterThanOrEqual(2);
    expect(changes[0]).toContain('rejected by the scrubber');
    expect(changes.at(-1)).toMatch(/by biller3.*scrubbed clean/);
    await screen(page, 'biller-claim-detail');
    await page.context().close();
  });

  it('a biller creates a batch and downloads its 837, with the batch claims and delivery attempts', async () => {
    const page = await signedIn('biller3');
    await page.getByRole('navigation', { name: 'Work' }).getByRole('link', { name: 'Batches' }).click();
    await page.getByRole('heading', { name: 'Batches', exact: true }).waitFor();
    await page.getByText(/[1-9]\d* claims are ready to batch/).waitFor();
    await page.getByRole('button', { name: 'Create batches' }).click();
    await page
      .getByRole('status')
      .filter({ hasText: /Created \d+ batch/ })
      .waitFor();
    const panel = page.locator('section.panel');
    await panel.getByRole('table', { name: 'Claims in the batch' }).getByRole('link').first().waitFor();
    await screen(page, 'biller-batches');
    // The corrected claim went into one of the new batches.
    const claim = await call<{ status: string }>('GET', `/claims/${rejected.id}`);
    expect(claim.status).toBe('batched');

    const download = page.waitForEvent('download');
    await panel.getByRole('link', { name: /Download the 837/ }).click();
    const file = await download;
    expect(file.suggestedFilename()).toMatch(/^837[PI]-\d+\.x12$/);
    const body = fs.readFileSync((await file.path())!, 'utf8');
    expect(body.startsWith('ISA*')).toBe(true);
    expect(body).toContain('ST*837*');
    expect(body).toMatch(/~\s*CLM\*RC\d+\*/);
    await page.context().close();
  });

  it("a biller finds a patient, fixes the chart, and walks the claims, encounters and the payer's rejections", async () => {
    const page = await signedIn('biller3');
    const nav = page.getByRole('navigation', { name: 'Work' });
    await expect(nav.getByRole('link').allTextContents()).resolves.toEqual([
      'Claim edit queue',
      'Rejections',
      'Claims',
      'Batches',
      'Patients',
      'Encounters',
    ]);
    const someone = (await call<Listed<{ lastName: string; firstName: string }>>('GET', '/patients?limit=1'))
      .items[0]!;
    await nav.getByRole('link', { name: 'Patients' }).click();
    await page.getByRole('heading', { name: 'Patients' }).waitFor();
    const search = page.getByRole('search', { name: 'Find patients' });
    await search.getByLabel('Last name').fill(someone.lastName);
    const searched = page.waitForRequest(
      (r) => r.url().includes('/patients?') && r.url().includes('lastName='),
    );
    await search.getByRole('button', { name: 'Search' }).click();
    await searched;
    await page
      .getByRole('button', { name: `Open ${someone.lastName}, ${someone.firstName}` })
      .first()
      .click();
    await page.getByLabel('City').fill('Springfield');
    await page.getByRole('button', { name: 'Save the patient' }).click();
    await page.getByRole('status').filter({ hasText: 'Saved.' }).waitFor();
    await screen(page, 'biller-patients');

    await nav.getByRole('link', { name: 'Encounters' }).click();
    await page.getByText(/Encounters, newest first — 1–\d+ of \d+/).waitFor();
    await screen(page, 'biller-encounters');

    await nav.getByRole('link', { name: 'Claims' }).click();
    await page.getByText(/— \d+ in all, row 1/).waitFor();
    await screen(page, 'biller-claims');
    // Sorted by the server, from the keyboard: Enter on the Charges header sorts ascending, again
    // descending; the first row is then the claim with the highest charge there is.
    const charges = page.getByRole('columnheader', { name: 'Charges' });
    await charges.getByRole('button').focus();
    await page.keyboard.press('Enter');
    await page.locator('th[aria-sort="ascending"]', { hasText: 'Charges' }).waitFor();
    const descending = page.waitForResponse(
      (r) => r.url().includes('/claims?') && r.url().includes('sort=-charge'),
    );
    await page.keyboard.press('Enter');
    await descending;
    await page.locator('th[aria-sort="descending"]', { hasText: 'Charges' }).waitFor();
    const [highest] = (
      await call<Listed<{ totalChargeCents: number }>>('GET', '/claims?sort=-charge&limit=1')
    ).items;
    const cents = (text: string) => Math.round(Number(text.replace(/[$,]/g, '')) * 100);
    const money = `$${(highest!.totalChargeCents / 100).toLocaleString('en-US', { minimumFractionDigits: 2 })}`;
    const chargeCells = page.locator('tbody tr[data-index] td:nth-child(6)');
    await chargeCells.first().filter({ hasText: money }).waitFor();
    const shown = (await chargeCells.allTextContents()).map(cents);
    expect(shown[0]).toBe(highest!.totalChargeCents);
    expect(shown).toEqual([...shown].sort((a, b) => b - a));

    await nav.getByRole('link', { name: 'Rejections' }).click();
    await page.getByRole('heading', { name: 'Acknowledgment rejections' }).waitFor();
    await page.getByText(/Rejected by the payer's 999 — (loading|nothing|\d)/).waitFor();
    await page.waitForLoadState('networkidle');
    await screen(page, 'biller-rejections');
    await page.context().close();
  });

  it("a biller fixes an open encounter's place of service and date inline: refusals by field, a finalized one named", async () => {
    const page = await signedIn('biller3');
    await page.getByRole('navigation', { name: 'Work' }).getByRole('link', { name: 'Encounters' }).click();
    await page.getByRole('heading', { name: 'Encounters', level: 1 }).waitFor();
    await page.getByLabel('Status').selectOption('open');
    const [draft, finalizedMeanwhile] = drafts;
    const row = page.getByRole('row').filter({ hasText: draft!.dateOfService });
    // From the keyboard: the row's Edit button, then the form takes the focus (its heading).
    await row.getByRole('button', { name: `Edit encounter of ${draft!.dateOfService}` }).focus();
    await page.keyboard.press('Enter');
    const form = page.getByRole('form', { name: `Edit the encounter of ${draft!.dateOfService}` });
    const pos = form.getByLabel('Place of service (2 digits)');
    await expect(pos.inputValue()).resolves.toBe('11');
    await expect(page.evaluate(() => document.activeElement?.tagName)).resolves.toBe('H2');

    // A place of service that is no CMS code: the 400 names it, beside the field, which takes the focus.
    await pos.fill('9');
    await form.getByRole('button', { name: 'Save the encounter' }).click();
    await form.getByRole('alert').filter({ hasText: 'Not saved: one field needs a fix' }).waitFor();
    await expect(pos.getAttribute('aria-invalid')).resolves.toBe('true');
    const describedBy = (await pos.getAttribute('aria-describedby'))!;
    await expect(page.locator(`[id="${describedBy}"]`).textContent()).resolves.toMatch(/placeOfService/);
    await expect(page.evaluate(() => document.activeElement?.getAttribute('aria-invalid'))).resolves.toBe(
      'true',
    );
    await screen(page, 'biller-encounter-edit-refused');

    // Fixed: place of service 22 and the next day, saved and shown in the list.
    await pos.fill('22');
    await form.getByLabel('Date of service').fill('2026-07-31');
    const saved = page.waitForResponse(
      (r) => r.url().endsWith(`/encounters/${draft!.id}`) && r.request().method() === 'PATCH',
    );
    await form.getByRole('button', { name: 'Save the encounter' }).click();
    const answer = await saved;
    expect(answer.status()).toBe(200);
    // Only what changed was sent.
    expect(JSON.parse(answer.request().postData()!)).toEqual({
      dateOfService: '2026-07-31',
      placeOfService: '22',
    });
    await form
      .getByRole('status')
      .filter({ hasText: 'Saved: the encounter of 2026-07-31, place of service 22' })
      .waitFor();
    await expect(pos.getAttribute('aria-invalid')).resolves.toBe('false');
    const fixed = page.getByRole('row').filter({ hasText: '2026-07-31' });
    await expect(fixed.getByRole('cell').nth(1).textContent()).resolves.toBe('22');
    const stored = await call<{ dateOfService: string; placeOfService: string; status: string }>(
      'GET',
      `/encounters/${draft!.id}`,
    );
    expect(stored).toMatchObject({ dateOfService: '2026-07-31', placeOfService: '22', status: 'open' });
    await screen(page, 'biller-encounter-edit');

    // Signed off elsewhere while the form is open: the 409 says so, and nothing changes.
    await form.getByRole('button', { name: 'Close' }).click();
    await page
      .getByRole('row')
      .filter({ hasText: finalizedMeanwhile!.dateOfService })
      .getByRole('button', { name: `Edit encounter of ${finalizedMeanwhile!.dateOfService}` })
      .click();
    const late = page.getByRole('form', {
      name: `Edit the encounter of ${finalizedMeanwhile!.dateOfService}`,
    });
    await call('POST', `/encounters/${finalizedMeanwhile!.id}/finalize`);
    await late.getByLabel('Place of service (2 digits)').fill('22');
    await late.getByRole('button', { name: 'Save the encounter' }).click();
    await late
      .getByRole('alert')
      .filter({ hasText: /Not saved: encounter .* was finalized at/ })
      .waitFor();
    expect(
      (await call<{ placeOfService: string }>('GET', `/encounters/${finalizedMeanwhile!.id}`)).placeOfService,
    ).toBe('11');
    await page.context().close();
  });
});
