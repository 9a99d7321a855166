import { createTestDatabase, TestDatabase } from '@revcycle/persistence';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { Browser, Page, Request } from 'playwright-core';
import { ApiCall, apiCaller, SeededQueue, seedCodingQueue } from '../../tools/bench/portal/coding-queue-seed';
import { seriousViolations } from './axe';
import { SHOTS, describeInBrowser, launchChromium } from './chromium';
import { PlatformProcess, revcycle, revcycleText, startPlatform, platformEnv } from './platform-process';

/**
 * Issue 11 §5, "a queue of 10,000 items stays responsive": the coder's queue in Debian's Chromium
 * over 10,000 real work items in the platform `npm start` runs — charted through
 * `POST /encounters/batch`, finalized one by one through charts' API, and carried into coding's
 * queue by the platform's own events. The screen counts 10,000, holds a window of rows in the DOM
 * wherever it is scrolled, and asks the server for the 100-row blocks in view (`?limit=&offset=`),
 * for the order (`?sort=`) and for the filter (`?status=`) — nothing is sorted or filtered in the page.
 */

const PASSWORD = 'ten thousand quiet rows 4';
const TOTAL = 10_000;

interface QueueItem {
  id: string;
  dateOfService: string;
  status: string;
}

describeInBrowser('a coding queue of 10,000 real items in a real browser', () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'rc-portal-10k-'));
  let db: TestDatabase | undefined;
  let platform: PlatformProcess;
  let browser: Browser;
  let biller: ApiCall;
  let coder: ApiCall;
  let seeded: SeededQueue;

  beforeAll(async () => {
    db = process.env['DATABASE_URL'] ? await createTestDatabase() : undefined;
    const env: Record<string, string> = platformEnv(dataDir, db?.url);
    platform = await startPlatform(env, 360_000);
    revcycle(
      env,
      ['users', 'create', '--user', 'coder7', '--role', 'coder', '--password-stdin'],
      `${PASSWORD}\n`,
    );
    const billerToken = revcycleText(env, ['token', '--role', 'biller', '--user', 'queue-setup']);
    const coderToken = revcycleText(env, ['token', '--role', 'coder', '--user', 'queue-setup-coder']);
    biller = apiCaller(platform.url, () => billerToken);
    coder = apiCaller(platform.url, () => coderToken);
    seeded = await seedCodingQueue(biller, coder, TOTAL, (line) => process.stderr.write(`seed: ${line}\n`));
    process.stderr.write(`seed: ${JSON.stringify(seeded.seconds)} s\n`);

    browser = await launchChromium();
  }, 1_800_000);

  afterAll(async () => {
    await browser?.close();
    await platform?.stop();
    await db?.drop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }, 60_000);

  /** Every GET /coding/queue the page sends, as its query parameters. */
  function queueRequests(page: Page): URLSearchParams[] {
    const asked: URLSearchParams[] = [];
    page.on('request', (r: Request) => {
      const url = new URL(r.url());
      if (url.pathname === '/coding/queue' && r.method() === 'GET') asked.push(url.searchParams);
    });
    return asked;
  }

  /** A coder signed in on the queue; `asked` collects every GET /coding/queue from the start. */
  async function signedIn(): Promise<{ page: Page; asked: URLSearchParams[] }> {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    const asked = queueRequests(page);
    await page.goto(`${platform.url}/sign-in`);
    await page.getByLabel('User name').fill('coder7');
    await page.getByLabel('Password').fill(PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { name: 'Coding queue' }).waitFor();
    return { page, asked };
  }

  const rowsInDom = (page: Page) => page.locator('.virtual-body tbody tr:not(.spacer)').count();
  /** The work item the row at `index` (0-based) links to. */
  const rowLink = (page: Page, index: number) =>
    page.locator(`.virtual-body tbody tr[data-index="${index}"] a[href^="/work/coding/"]`);
  const idAt = async (page: Page, index: number) =>
    (await rowLink(page, index).getAttribute('href'))!.split('/').pop();
  /** The server's own item at `offset` in that order and filter. */
  const serverItem = async (query: string, offset: number) =>
    (
      await coder<{ total: number; items: QueueItem[] }>(
        'GET',
        `/coding/queue?${query}&limit=1&offset=${offset}`,
      )
    ).items[0]!;

  it('counts 10,000, keeps a window of rows in the DOM and fetches the blocks in view from the server', async () => {
    const { page, asked } = await signedIn();
    await page.getByText(/— 10,000 in all, row 1$/).waitFor();
    await rowLink(page, 0).waitFor();
    expect(await rowsInDom(page)).toBeLessThan(60);
    // The first answer was one block of 100 from the top, in the default order, open items only.
    expect(asked.map((q) => [q.get('limit'), q.get('offset'), q.get('status')])).toEqual([
      ['100', '0', 'open'],
    ]);
    expect(await idAt(page, 0)).toBe((await serverItem('status=open', 0)).id);

    // The keyboard's End: the last row, from the last block only — not the 98 blocks between.
    const region = page.getByRole('region', { name: /Encounters waiting for a coder/ });
    await region.focus();
    await page.keyboard.press('End');
    await page.getByText(/— 10,000 in all, row 10000$/).waitFor();
    await rowLink(page, TOTAL - 1).waitFor();
    expect(await idAt(page, TOTAL - 1)).toBe((await serverItem('status=open', TOTAL - 1)).id);
    expect(await rowsInDom(page)).toBeLessThan(60);
    const offsets = () => asked.map((q) => Number(q.get('offset')));
    expect(offsets()).toContain(9900);
    expect(offsets().length).toBeLessThanOrEqual(4);
    await expect(page.locator('.virtual-body tbody tr[data-index]').count()).resolves.toBeLessThan(60);

    // Scrolled by the scroll bar to the middle: the block there is fetched, the DOM still a window.
    await page.locator('.virtual-body').evaluate((el) => {
      el.scrollTop = (el.scrollHeight - el.clientHeight) / 2;
    });
    const middle = Math.round(TOTAL / 2 / 100) * 100;
    await page.locator(`.virtual-body tbody tr[data-index="${middle}"] a`).waitFor();
    expect(offsets().some((o) => o >= middle - 200 && o <= middle + 100)).toBe(true);
    expect(await rowsInDom(page)).toBeLessThan(60);
    expect(new Set(offsets()).size).toBeLessThanOrEqual(7);
    expect(asked.every((q) => q.get('limit') === '100')).toBe(true);

    await page.waitForLoadState('networkidle');
    expect({ violations: await seriousViolations(page) }).toEqual({ violations: [] });
    await page.screenshot({ path: path.join(SHOTS, 'coder-queue-10000.png'), fullPage: true });
    await page.context().close();
  });

  it('sorts by date of service on the server, to the end of the queue too', async () => {
    const { page, asked } = await signedIn();
    await page.getByText(/— 10,000 in all, row 1$/).waitFor();
    const sortedResponse = (sort: string) =>
      page.waitForResponse((r) => {
        const url = new URL(r.url());
        return url.pathname === '/coding/queue' && url.searchParams.get('sort') === sort;
      });
    let answered = sortedResponse('date-of-service');
    await page.getByRole('button', { name: 'Date of service' }).click();
    expect((await answered).status()).toBe(200);
    await page
      .getByRole('columnheader', { name: /Date of service/ })
      .and(page.locator('[aria-sort="ascending"]'))
      .waitFor();
    expect(asked.some((q) => q.get('sort') === 'date-of-service' && q.get('offset') === '0')).toBe(true);
    const first = await serverItem('status=open&sort=date-of-service', 0);
    await page.locator(`.virtual-body tbody tr[data-index="0"] a[href="/work/coding/${first.id}"]`).waitFor();
    expect(first.dateOfService).toBe(seeded.firstDate);

    answered = sortedResponse('-date-of-service');
    await page.getByRole('button', { name: 'Date of service' }).click();
    expect((await answered).status()).toBe(200);
    const newest = await serverItem('status=open&sort=-date-of-service', 0);
    await page
      .locator(`.virtual-body tbody tr[data-index="0"] a[href="/work/coding/${newest.id}"]`)
      .waitFor();
    expect(newest.dateOfService).toBe(seeded.lastDate);

    await page.getByRole('region', { name: /Encounters waiting for a coder/ }).focus();
    await page.keyboard.press('End');
    const oldest = await serverItem('status=open&sort=-date-of-service', TOTAL - 1);
    await page
      .locator(`.virtual-body tbody tr[data-index="${TOTAL - 1}"] a[href="/work/coding/${oldest.id}"]`)
      .waitFor();
    expect(oldest.dateOfService).toBe(seeded.firstDate);
    expect(
      asked.some((q) => q.get('sort') === '-date-of-service' && q.get('offset') === String(TOTAL - 100)),
    ).toBe(true);
    expect(await rowsInDom(page)).toBeLessThan(60);
    await page.context().close();
  });

  it('filters on the server: the completed items, then the open ones again', async () => {
    // One item completed by a coder through the API (E11 → E11.9, billable).
    const item = await serverItem('status=open', 0);
    await coder('POST', `/coding/${item.id}/complete`, {
      diagnoses: [{ code: 'E11.9' }, { code: 'I10' }],
    });
    const completed = (await coder<{ total: number }>('GET', '/coding/queue?status=completed&limit=1')).total;
    expect(completed).toBeGreaterThanOrEqual(1);

    const { page, asked } = await signedIn();
    await page.getByText(/— 9,999 in all, row 1$/).waitFor();
    await page.getByLabel('Status').selectOption('completed');
    await page.getByText(new RegExp(`— ${completed.toLocaleString('en-US')} in all, row 1$`)).waitFor();
    expect(asked.some((q) => q.get('status') === 'completed' && q.get('offset') === '0')).toBe(true);
    await page.locator(`.virtual-body tbody a[href="/work/coding/${item.id}"]`).waitFor();
    expect(await rowsInDom(page)).toBeLessThanOrEqual(completed);

    await page.getByLabel('Status').selectOption('open');
    await page.getByText(/— 9,999 in all, row 1$/).waitFor();
    expect(await rowsInDom(page)).toBeLessThan(60);
    await page.context().close();
  });
});
