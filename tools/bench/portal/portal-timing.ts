import type { Page, Request } from 'playwright-core';
import { performance } from 'node:perf_hooks';

/**
 * In every document of the page: the time of the first input after `arm` (the event's own
 * timeStamp: pointerdown, keydown, input or change — the person's click or keypress), and when a
 * progress indicator first appeared after it (an element turned `aria-busy="true"`, a
 * `role=progressbar` or a `<progress>`).
 */
export const TIMING_SCRIPT = `(() => {
  const b = (window.__bench = { armed: false, t0: undefined, busyAt: undefined });
  const mark = (e) => { if (b.armed && b.t0 === undefined) b.t0 = e.timeStamp; };
  for (const type of ['pointerdown', 'keydown', 'input', 'change']) addEventListener(type, mark, true);
  const busyNow = () => !!document.querySelector('[aria-busy="true"], [role="progressbar"], progress');
  const watch = () => new MutationObserver(() => { if (b.armed && b.t0 !== undefined && b.busyAt === undefined && busyNow()) b.busyAt = performance.now(); })
    .observe(document.documentElement, { subtree: true, childList: true, attributes: true, attributeFilter: ['aria-busy'] });
  if (document.documentElement) watch(); else addEventListener('DOMContentLoaded', watch);
})();`;

/**
 * What the screen shows once the action has answered: every `[selector, pattern]` matches an
 * element (its text against the pattern, when given), on `path` when given.
 */
export interface Done {
  all: Array<[string, string?]>;
  path?: string;
}

/** Runs in the page each animation frame (a function, not a string: the portal's CSP has no unsafe-eval). */
function shownAt(d: Done): number | false {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  const g = globalThis as any;
  if (g.__bench.t0 === undefined) return false;
  if (d.path && g.location.pathname !== d.path) return false;
  for (const [selector, pattern] of d.all) {
    const re = pattern === undefined ? undefined : new RegExp(pattern);
    const found = [...g.document.querySelectorAll(selector)].some(
      (el: { textContent: string | null }) => !re || re.test(el.textContent ?? ''),
    );
    if (!found) return false;
  }
  return g.performance.now();
}

export interface Recorded {
  method: string;
  url: string;
  body: Buffer | null;
  contentType: string | undefined;
}

/** Progress counts when the person sees it within the budget (not a list refreshed after the answer). */
export const PROGRESS_WITHIN_MS = 200;

export interface Measured {
  ms: number;
  showsProgress: boolean;
  /** What the page asked the API while the action ran (the calls Node times on its own). */
  requests: Recorded[];
}

/**
 * One user action timed in the page: `act` (a click, a keypress, a fill …), then the frame in which
 * `done` first holds, polled every
 * animation frame; the time is that frame's `performance.now()` minus the input event's timeStamp.
 * `done` must not hold before the action (it is only checked once the input was seen).
 */
export async function timeAction(
  page: Page,
  act: () => Promise<unknown>,
  done: Done,
  timeoutMs = 60_000,
): Promise<Measured> {
  const requests: Recorded[] = [];
  const onRequest = (r: Request) => {
    if (new URL(r.url()).origin !== new URL(page.url()).origin) return;
    requests.push({
      method: r.method(),
      url: r.url(),
      body: r.postDataBuffer(),
      contentType: r.headers()['content-type'],
    });
  };
  await page.evaluate(() => {
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    Object.assign((globalThis as any).__bench, { armed: true, t0: undefined, busyAt: undefined });
  });
  page.on('request', onRequest);
  try {
    const shown = page.waitForFunction(shownAt, done, { polling: 'raf', timeout: timeoutMs });
    await act();
    const end = (await (await shown).jsonValue()) as number;
    const { t0, busy } = await page.evaluate((within: number) => {
      // eslint-disable-next-line @typescript-eslint/no-explicit-any
      const bench = (globalThis as any).__bench as { armed: boolean; t0: number; busyAt?: number };
      bench.armed = false;
      return {
        t0: bench.t0,
        busy: bench.busyAt !== undefined && bench.busyAt - bench.t0 <= within,
      };
    }, PROGRESS_WITHIN_MS);
    return { ms: end - t0, showsProgress: busy, requests };
  } finally {
    page.off('request', onRequest);
  }
}

/** An action whose result is not in the DOM (a download): timed from Node, click to event. */
export async function timeFromNode(
  page: Page,
  act: () => Promise<unknown>,
  until: () => Promise<unknown>,
): Promise<Measured> {
  const requests: Recorded[] = [];
  const onRequest = (r: Request) =>
    requests.push({ method: r.method(), url: r.url(), body: r.postDataBuffer(), contentType: undefined });
  page.on('request', onRequest);
  try {
    const started = performance.now();
    const waited = until();
    await act();
    await waited;
    return { ms: performance.now() - started, showsProgress: false, requests };
  } finally {
    page.off('request', onRequest);
  }
}

export function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  if (sorted.length === 0) return NaN;
  const rank = Math.ceil((p / 100) * sorted.length) - 1;
  return sorted[Math.min(sorted.length - 1, Math.max(0, rank))]!;
}
