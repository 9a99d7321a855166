/**
 * `npm run bench:portal` — issue 11 §5, "every action answers within 200 ms on this machine or shows
 * progress", measured: the platform as `npm start` runs it (the browser tests' startPlatform), the
 * demo's day (its 835s held back for finance to upload), 10,000 real items in the coding queue
 * (charts' batch API, finalized, carried to coding by the platform's events), claims the scrubber
 * rejects for the biller; then Debian's Chromium signs in as a coder, a biller, finance and a
 * compliance officer and times each action from the person's input (the click's or key's event
 * timeStamp) to the first animation frame in which the screen shows its result, and notes whether a
 * progress indicator (aria-busy="true", role=progressbar, <progress>) appeared meanwhile. Side by
 * side, in the same run, the API calls the page made for that action are timed from Node with fetch
 * (same role, a bearer token), and the ratio portal/API is the UI's overhead. Downloads are timed
 * from Node (click to the download event).
 *
 * Env: DATABASE_URL (the server; a fresh database is created and dropped; unset = the platform's
 * embedded PostgreSQL), BENCH_RUNS (5 per action), BENCH_QUEUE (10000 coding items),
 * CHROMIUM_PATH (/usr/bin/chromium), REVCYCLE_CODESETS_CACHE. Last line: one JSON object.
 */
import { totpAt } from '@revcycle/identity';
import { createTestDatabase } from '@revcycle/persistence';
import { execFile } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import type { Browser, Page } from 'playwright-core';
import { holdBack835s } from '../../../test/browser/hold-back-proxy';
import {
  revcycle,
  revcycleText,
  root,
  startPlatform,
  platformEnv,
} from '../../../test/browser/platform-process';
import { ApiCall, apiCaller, seedCodingQueue } from './coding-queue-seed';
import {
  Done,
  Measured,
  Recorded,
  TIMING_SCRIPT,
  percentile,
  timeAction,
  timeFromNode,
} from './portal-timing';

const RUNS = Number(process.env['BENCH_RUNS'] ?? 5);
const QUEUE = Number(process.env['BENCH_QUEUE'] ?? 10_000);
const CHROMIUM = process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium';
const BUDGET_MS = 200;
const PASSWORD = 'bench quiet harbour 9';
const startedAt = performance.now();
const log = (line: string) => process.stdout.write(`${line}\n`);
const round = (n: number, d = 0) => (Number.isFinite(n) ? Math.round(n * 10 ** d) / 10 ** d : null);

interface Listed<T> {
  total: number;
  items: T[];
}

/** Each action's figures, in the order they are printed. */
const results = new Map<string, { ui: number[]; progress: boolean[]; api: number[] }>();
function record(name: string, m: Measured) {
  const r = results.get(name) ?? { ui: [], progress: [], api: [] };
  results.set(name, r);
  r.ui.push(m.ms);
  r.progress.push(m.showsProgress);
  process.stderr.write(
    `portal bench: ${name} ${m.ms.toFixed(0)} ms${m.showsProgress ? ', progress shown' : ''}\n`,
  );
}
function recordApi(name: string, ms: number) {
  const r = results.get(name) ?? { ui: [], progress: [], api: [] };
  results.set(name, r);
  r.api.push(ms);
}

/** `revcycle …` without blocking the loop (the hold-back proxy answers the demo meanwhile). */
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

async function main(): Promise<void> {
  if (!fs.existsSync(CHROMIUM)) throw new Error(`no Chromium at ${CHROMIUM} (set CHROMIUM_PATH)`);
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'rc-bench-portal-'));
  const db = process.env['DATABASE_URL'] ? await createTestDatabase() : undefined;
  const env: Record<string, string> = platformEnv(dataDir, db?.url);
  const platform = await startPlatform(env, 360_000);
  let browser: Browser | undefined;
  const proxy = await holdBack835s(platform.url);
  try {
    log(
      `portal bench: platform at ${platform.url} (${os.loadavg()[0]!.toFixed(2)} load), ${RUNS} runs per action`,
    );
    for (const [user, role] of [
      ['bcoder', 'coder'],
      ['bbiller', 'biller'],
      ['bfinance', 'finance'],
      ['bofficer', 'compliance'],
    ] as const)
      revcycle(env, ['users', 'create', '--user', user, '--role', role, '--password-stdin'], `${PASSWORD}\n`);
    const tokens = Object.fromEntries(
      (['coder', 'biller', 'finance', 'compliance'] as const).map((role) => [
        role,
        revcycleText(env, ['token', '--role', role, '--user', `bench-${role}`]),
      ]),
    ) as Record<'coder' | 'biller' | 'finance' | 'compliance', string>;
    const as = (role: keyof typeof tokens): ApiCall => apiCaller(platform.url, () => tokens[role]);

    await revcycleAsync(env, ['demo', '--url', proxy.url, '--encounters', '24', '--seed', '11']);
    const held = proxy.held();
    log(`portal bench: demo's day done, ${held.length} 835s held back for the upload`);

    const seeded = await seedCodingQueue(as('biller'), as('coder'), QUEUE, (l) =>
      log(`portal bench: seed ${l}`),
    );
    log(`portal bench: ${seeded.total} items in the coding queue (${JSON.stringify(seeded.seconds)} s)`);
    // Two claims the scrubber stops per run: one corrected in the browser, one through the API.
    const rejected = await rejectedClaims(as('biller'), 2 * RUNS);
    log(`portal bench: ${rejected.length} claims rejected by the scrubber (NCCI PTP) for the biller`);

    const { chromium } = await import('playwright-core');
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--no-sandbox', '--disable-dev-shm-usage'],
    });
    const b = browser;
    const newPage = async () => {
      const context = await b.newContext({ viewport: { width: 1360, height: 900 }, acceptDownloads: true });
      await context.addInitScript(TIMING_SCRIPT);
      return context.newPage();
    };
    const url = platform.url;

    // API side: the page's own requests for the action, again from Node with the role's token.
    const replay = async (role: keyof typeof tokens, requests: Recorded[], swap?: [string, string]) => {
      const calls = requests.filter((r) => !new URL(r.url).pathname.startsWith('/auth/'));
      const send = async (r: Recorded) => {
        const u = new URL(r.url);
        const target = swap
          ? `${u.pathname}${u.search}`.replace(swap[0], swap[1])
          : `${u.pathname}${u.search}`;
        const res = await fetch(`${url}${target}`, {
          method: r.method,
          headers: {
            authorization: `Bearer ${tokens[role]}`,
            ...(r.contentType ? { 'content-type': r.contentType } : {}),
          },
          body: r.body ?? undefined,
        });
        await res.arrayBuffer();
        if (res.status >= 400 && res.status !== 409)
          throw new Error(`${r.method} ${target} from Node: ${res.status}`);
      };
      const t = performance.now();
      // Writes in order (as the page sent them), then the reads that follow in parallel.
      for (const r of calls.filter((c) => c.method !== 'GET')) await send(r);
      await Promise.all(calls.filter((c) => c.method === 'GET').map(send));
      return performance.now() - t;
    };

    // ---- coder: sign-in, the queue of 10,000, a work item, the look-up, completion ----
    for (let run = 0; run < RUNS; run++) {
      const page = await newPage();
      await page.goto(`${url}/sign-in`);
      await page.getByLabel('User name').fill('bcoder');
      await page.getByLabel('Password').fill(PASSWORD);
      const signIn = await timeAction(page, () => page.getByRole('button', { name: 'Sign in' }).click(), {
        all: [['nav[aria-label="Work"]']],
      });
      record('signIn', signIn);
      const t = performance.now();
      const r = await fetch(`${url}/auth/sign-in`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ userName: 'bcoder', password: PASSWORD }),
      });
      await r.arrayBuffer();
      if (r.status >= 400) throw new Error(`sign-in from Node: ${r.status}`);
      recordApi('signIn', performance.now() - t);
      await page.getByText(/ in all, row 1$/).waitFor();

      // A cold queue: from a work item opened by its address (a new document, nothing cached).
      const open = await as('coder')<Listed<{ id: string }>>('GET', '/coding/queue?limit=1&offset=0');
      const total = open.total;
      await page.goto(`${url}/work/coding/${open.items[0]!.id}`);
      await page.getByRole('heading', { name: 'Coding work item' }).waitFor();
      await page.waitForLoadState('networkidle');
      const queue = await timeAction(page, () => page.getByRole('link', { name: '← Coding queue' }).click(), {
        all: [
          ['caption .count', `${total.toLocaleString('en-US')} in all`],
          ['.virtual-body tr[data-index="0"] a'],
        ],
      });
      record('openCodingQueue', queue);
      recordApi('openCodingQueue', await replay('coder', queue.requests));

      await page.getByRole('region', { name: /Encounters waiting for a coder/ }).focus();
      const end = await timeAction(page, () => page.keyboard.press('End'), {
        all: [[`.virtual-body tr[data-index="${total - 1}"] a`]],
      });
      record('scrollToEnd', end);
      recordApi('scrollToEnd', await replay('coder', end.requests));

      const firstByDate = (
        await as('coder')<Listed<{ id: string }>>('GET', '/coding/queue?sort=date-of-service&limit=1')
      ).items[0]!.id;
      const sort = await timeAction(
        page,
        () => page.getByRole('button', { name: 'Date of service' }).click(),
        {
          all: [
            ['th[aria-sort="ascending"]', 'Date of service'],
            [`.virtual-body tr[data-index="0"] a[href="/work/coding/${firstByDate}"]`],
          ],
        },
      );
      record('sort', sort);
      recordApi('sort', await replay('coder', sort.requests));

      const completed = (await as('coder')<Listed<unknown>>('GET', '/coding/queue?status=completed&limit=1'))
        .total;
      const filter = await timeAction(
        page,
        () => page.getByLabel('Status').selectOption('completed'),
        completed === 0
          ? { all: [['caption .count', 'nothing waiting']] }
          : {
              all: [
                ['caption .count', `— ${completed.toLocaleString('en-US')} in all`],
                ['.virtual-body tr[data-index="0"] a'],
              ],
            },
      );
      record('filter', filter);
      recordApi('filter', await replay('coder', filter.requests));
      await page.getByLabel('Status').selectOption('open');
      await page.getByText(new RegExp(`— ${total.toLocaleString('en-US')} in all`)).waitFor();
      await page.locator('.virtual-body tr[data-index="0"] a').waitFor();
      await page.waitForLoadState('networkidle');

      const href = (await page.locator('.virtual-body tr[data-index="0"] a').getAttribute('href'))!;
      const itemId = href.split('/').pop()!;
      const item = await timeAction(page, () => page.locator('.virtual-body tr[data-index="0"] a').click(), {
        path: href,
        all: [['#problems-title'], ['table.codes tbody tr']],
      });
      record('openWorkItem', item);
      recordApi('openWorkItem', await replay('coder', item.requests));
      await page.waitForLoadState('networkidle');

      const lookup = await timeAction(
        page,
        () => page.getByLabel('Code or words').fill('type 2 diabetes hyperglycemia'),
        { all: [['table.codes tbody td code', '^E11\\.?65$']] },
      );
      record('codeLookup', lookup);
      recordApi('codeLookup', await replay('coder', lookup.requests));

      await page.getByLabel('Diagnosis 1', { exact: true }).fill('E11.9');
      await page.waitForLoadState('networkidle');
      const complete = await timeAction(
        page,
        () => page.getByRole('button', { name: 'Complete coding' }).click(),
        { all: [['[role="status"]', 'Completed: the encounter is coded']] },
      );
      record('completeItem', complete);
      // The same completion of another item (the last one in the queue) from Node.
      const other = (
        await as('coder')<Listed<{ id: string }>>('GET', `/coding/queue?sort=-created-at&limit=1`)
      ).items[0]!.id;
      recordApi('completeItem', await replay('coder', complete.requests, [itemId, other]));
      await page.context().close();
      progress(run);
    }

    // ---- biller: the edit queue, a correction re-scrubbed, the claim, a batch and its 837 ----
    const biller = await newPage();
    await signInAs(biller, url, 'bbiller');
    for (let run = 0; run < RUNS; run++) {
      await biller.goto(`${url}/work/claims`);
      await biller.getByText(/ in all, row 1$/).waitFor();
      await biller.waitForLoadState('networkidle');
      const editQueue = await timeAction(
        biller,
        () =>
          biller
            .getByRole('navigation', { name: 'Work' })
            .getByRole('link', { name: 'Claim edit queue' })
            .click(),
        { path: '/work/claim-edits', all: [['.count-line', '— (\\d+–\\d+ of \\d+|nothing waiting)']] },
      );
      record('openClaimEditQueue', editQueue);
      recordApi('openClaimEditQueue', await replay('biller', editQueue.requests));

      const [mine, theirs] = [rejected[2 * run]!, rejected[2 * run + 1]!];
      await biller.getByLabel('Edit category').selectOption('ncci-ptp');
      const row = biller.getByRole('row').filter({ hasText: mine.patientControlNumber });
      await row.getByRole('button', { name: `Correct claim ${mine.patientControlNumber}` }).click();
      const form = biller.getByRole('form', { name: `Correct claim ${mine.patientControlNumber}` });
      await form.getByLabel('Line 3 procedure').waitFor();
      await form.getByRole('button', { name: 'Remove line 3' }).click();
      await form.getByLabel('Note').fill('80048 is a component of 80053');
      await biller.waitForLoadState('networkidle');
      const correct = await timeAction(
        biller,
        () => form.getByRole('button', { name: 'Save and re-scrub' }).click(),
        { all: [['form [role="status"]', 'ready to batch']] },
      );
      record('correctionRescrub', correct);

      const detail = await timeAction(
        biller,
        () => biller.getByRole('link', { name: mine.patientControlNumber }).click(),
        {
          all: [
            ['h1', `Claim ${mine.patientControlNumber}`],
            ['ol.timeline li', 'ready to batch'],
          ],
        },
      );
      record('openClaimDetail', detail);

      await biller.getByRole('navigation', { name: 'Work' }).getByRole('link', { name: 'Batches' }).click();
      await biller.getByText(/[1-9]\d* claims are ready to batch/).waitFor();
      await biller.waitForLoadState('networkidle');
      const batch = await timeAction(
        biller,
        () => biller.getByRole('button', { name: 'Create batches' }).click(),
        { all: [['[role="status"]', 'Created \\d+ batch'], ['section.panel a[download]']] },
      );
      record('createBatch', batch);
      await biller.waitForLoadState('networkidle');

      const link = biller.locator('section.panel').getByRole('link', { name: /Download the 837/ });
      const download = await timeFromNode(
        biller,
        () => link.click(),
        () => biller.waitForEvent('download'),
      );
      record('download837', download);

      // The same from Node: the other rejected claim corrected, its detail, a batch, its 837.
      recordApi('correctionRescrub', await replay('biller', correct.requests, [mine.id, theirs.id]));
      recordApi('openClaimDetail', await replay('biller', detail.requests, [mine.id, theirs.id]));
      const batched = batch.requests.filter((r) => r.method !== 'GET');
      let ms = await replay('biller', batched);
      recordApi('createBatch', ms);
      // A download's request is not reported to the page's request events: the link's own address.
      const href = (await link.getAttribute('href'))!;
      ms = await replay('biller', [
        { method: 'GET', url: `${url}${href}`, body: null, contentType: undefined },
      ]);
      recordApi('download837', ms);
      progress(run);
    }
    await biller.context().close();

    // ---- finance: an 835 uploaded (progress shown), denials, AR aging, KPIs ----
    const finance = await newPage();
    await signInAs(finance, url, 'bfinance');
    for (let run = 0; run < RUNS; run++) {
      await finance.goto(`${url}/finance/remittances`);
      await finance.getByRole('heading', { name: 'Remittances', level: 1 }).waitFor();
      await finance.waitForLoadState('networkidle');
      // Held 835s alternate between the browser and Node; once they are used up, a file already
      // received (the screen says so) is the upload.
      const file = held[2 * run] ?? held[0] ?? '';
      await finance.getByLabel('835 file').setInputFiles({
        name: 'payer.835',
        mimeType: 'text/plain',
        buffer: Buffer.from(file),
      });
      const upload = await timeAction(
        finance,
        () => finance.getByRole('button', { name: 'Upload and post' }).click(),
        { all: [['[role="status"]', 'Posted \\d+ of \\d+ transaction sets|Already received']] },
      );
      record('upload835', upload);
      const nodeFile = held[2 * run + 1];
      const posted = upload.requests.filter((r) => r.method === 'POST');
      recordApi(
        'upload835',
        await replay(
          'finance',
          posted.map((r) => ({
            ...r,
            body: Buffer.from(nodeFile ?? file),
            contentType: r.contentType ?? 'application/edi-x12',
          })),
        ),
      );

      for (const [name, label, done] of [
        [
          'openDenials',
          'Denials',
          {
            path: '/finance/denials',
            all: [['caption', 'Denied claims and lines — (\\d+–\\d+ of \\d+|nothing)']],
          },
        ],
        // A chart's caption shows once its data is in, whether it plots something or says it is empty.
        [
          'openArAging',
          'AR aging',
          { path: '/finance/ar-aging', all: [['figure.chart figcaption', 'Receivables by payer']] },
        ],
        [
          'openKpis',
          'KPIs',
          {
            path: '/finance/kpis',
            all: [
              ['figure.chart figcaption', 'Denials by reason'],
              ['figure.chart figcaption', 'Denial rate by payer'],
              ['figure.chart figcaption', 'Collections per payment date'],
            ],
          },
        ],
      ] as Array<[string, string, Done]>) {
        await finance.goto(`${url}/finance/remittances`);
        await finance.getByRole('heading', { name: 'Remittances', level: 1 }).waitFor();
        await finance.waitForLoadState('networkidle');
        const m = await timeAction(
          finance,
          () =>
            finance
              .getByRole('navigation', { name: 'Work' })
              .getByRole('link', { name: label, exact: true })
              .click(),
          done,
        );
        record(name, m);
        recordApi(name, await replay('finance', m.requests));
      }
      progress(run);
    }
    await finance.context().close();

    // ---- compliance: the audit chain verified ----
    const officer = await newPage();
    await officer.goto(`${url}/sign-in`);
    await officer.getByLabel('User name').fill('bofficer');
    await officer.getByLabel('Password').fill(PASSWORD);
    await officer.getByRole('button', { name: 'Sign in' }).click();
    await officer.getByRole('heading', { name: 'Set up your second factor' }).waitFor();
    const secret = (await officer.getByTestId('totp-secret').textContent())!.replace(/\s/g, '');
    await officer.getByLabel('Code from the app').fill(totpAt(secret, Date.now()));
    await officer.getByRole('button', { name: 'Confirm' }).click();
    await officer.getByRole('heading', { name: 'Audit log', level: 1 }).waitFor();
    for (let run = 0; run < RUNS; run++) {
      await officer.goto(`${url}/compliance/audit`);
      await officer.getByRole('heading', { name: 'Audit log', level: 1 }).waitFor();
      await officer.waitForLoadState('networkidle');
      const verify = await timeAction(
        officer,
        () => officer.getByRole('button', { name: 'Verify chain' }).click(),
        { all: [['[role="status"], [role="alert"]', '^Chain (intact|broken)']] },
        300_000,
      );
      record('auditVerifyChain', verify);
      recordApi('auditVerifyChain', await replay('compliance', verify.requests));
      progress(run);
    }
    await officer.context().close();

    summarize();
  } catch (err) {
    // What was measured before the failure is still printed (then the failure, exit 1).
    if (results.size > 0) summarize(String(err).split('\n')[0]);
    throw err;
  } finally {
    await browser?.close();
    await proxy.close();
    await platform.stop();
    await db?.drop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

/** The table and the last line (the JSON object). */
function summarize(failure?: string): void {
  const actions: Record<string, unknown> = {};
  let all = true;
  log('');
  log(
    `${'action'.padEnd(20)} ${'p50 ms'.padStart(8)} ${'p95 ms'.padStart(8)}  ≤200ms  progress  ${'API p50'.padStart(8)}  portal/API`,
  );
  for (const [name, r] of results) {
    const p50 = percentile(r.ui, 50);
    const p95 = percentile(r.ui, 95);
    const apiP50 = percentile(r.api, 50);
    const withinBudget = p95 <= BUDGET_MS;
    const showsProgress = r.progress.every(Boolean);
    // Each run answered within the budget or showed progress within it.
    const ok = r.ui.every((ms, i) => ms <= BUDGET_MS || r.progress[i]);
    all &&= ok;
    const ratio = apiP50 > 0 ? p50 / apiP50 : NaN;
    actions[name] = {
      runs: r.ui.length,
      p50Ms: round(p50),
      p95Ms: round(p95),
      withinBudget,
      showsProgress,
      withinBudgetOrProgress: ok,
      progressRuns: r.progress.filter(Boolean).length,
      apiP50Ms: round(apiP50, 1),
      apiP95Ms: round(percentile(r.api, 95), 1),
      ratio: round(ratio, 2),
    };
    log(
      `${name.padEnd(20)} ${String(round(p50)).padStart(8)} ${String(round(p95)).padStart(8)}  ${(withinBudget ? 'yes' : 'no').padEnd(6)}  ${`${r.progress.filter(Boolean).length}/${r.progress.length}`.padEnd(8)}  ${String(round(apiP50, 1)).padStart(8)}  ${round(ratio, 2)}${ok ? '' : '   ← over budget, no progress'}`,
    );
  }
  log('');
  log(
    `portal bench: ${QUEUE} queue items, ${RUNS} runs each, load ${os
      .loadavg()
      .map((l) => l.toFixed(2))
      .join(' ')}, ${os.cpus().length} cores, ${Math.round((performance.now() - startedAt) / 1000)} s in all`,
  );
  log(
    JSON.stringify({
      ...(failure ? { failure } : {}),
      runs: RUNS,
      queueItems: QUEUE,
      budgetMs: BUDGET_MS,
      load: os.loadavg().map((l) => round(l, 2)),
      actions,
      allWithinBudgetOrProgress: all,
    }),
  );
}

function progress(run: number) {
  process.stderr.write(`portal bench: run ${run + 1}/${RUNS}\n`);
}

async function signInAs(page: Page, url: string, user: string): Promise<void> {
  await page.goto(`${url}/sign-in`);
  await page.getByLabel('User name').fill(user);
  await page.getByLabel('Password').fill(PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('navigation', { name: 'Work' }).waitFor();
}

/** `count` claims the scrubber rejects (NCCI PTP: 80048 is a component of 80053), for the biller, each on a day of its own. */
async function rejectedClaims(
  call: ApiCall,
  count: number,
): Promise<Array<{ id: string; patientControlNumber: string }>> {
  const patient = (await call<Listed<{ id: string }>>('GET', '/patients?limit=1')).items[0]!;
  const coverage = (await call<Listed<{ id: string }>>('GET', `/patients/${patient.id}/coverages`)).items[0]!;
  const providers = (await call<Listed<{ id: string; kind: string }>>('GET', '/providers?limit=50')).items;
  const line = (code: string, chargeCents: number) => ({
    code,
    units: 1,
    chargeCents,
    diagnosisPointers: [1],
    modifiers: [],
  });
  const encounters: string[] = [];
  for (let i = 0; i < count; i++) {
    const e = await call<{ id: string }>('POST', '/encounters', {
      patientId: patient.id,
      coverageId: coverage.id,
      billingProviderId: providers.find((p) => p.kind === 'organization')!.id,
      renderingProviderId: providers.find((p) => p.kind === 'individual')!.id,
      // A day of its own for each: the same visit twice on one day would be a duplicate claim.
      dateOfService: new Date(Date.UTC(2026, 6, 1 + i)).toISOString().slice(0, 10),
      placeOfService: '11',
      diagnoses: [{ code: 'E78.5' }],
      procedures: [line('99213', 12500), line('80053', 4600), line('80048', 3600)],
    });
    await call('POST', `/encounters/${e.id}/finalize`);
    encounters.push(e.id);
  }
  const out: Array<{ id: string; patientControlNumber: string }> = [];
  const deadline = Date.now() + 120_000;
  for (const id of encounters) {
    for (;;) {
      const claim = (
        await call<Listed<{ id: string; patientControlNumber: string; status: string }>>(
          'GET',
          `/claims?encounterId=${id}`,
        )
      ).items[0];
      if (claim?.status === 'rejected') {
        out.push(claim);
        break;
      }
      if (claim) throw new Error(`the PTP claim is ${claim.status}`);
      if (Date.now() > deadline) throw new Error('no claim for a PTP encounter');
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  }
  return out;
}

main().catch((err) => {
  process.stderr.write(`${(err as Error).stack ?? String(err)}\n`);
  process.exit(1);
});
