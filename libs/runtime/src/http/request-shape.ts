/** Request targets and parsed bodies no endpoint can mean: refused before any handler, pipe or audit. */

export const MAX_PATH_SEGMENT = 200;
export const MAX_BODY_DEPTH = 32;

/** Control characters (NUL above all: PostgreSQL text cannot hold it), raw or percent-encoded. */
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const CONTROL = /[\x00-\x1f\x7f]|%[01][0-9a-f]|%7f/i;

/** Why a request target (path and query) is refused, or undefined. */
export function requestTargetProblem(url: string): string | undefined {
  if (CONTROL.test(url)) return 'control characters (such as NUL) are not accepted in the path or query';
  const path = url.split('?')[0];
  if (path.split('/').some((segment) => segment.length > MAX_PATH_SEGMENT))
    return `a path segment has more than ${MAX_PATH_SEGMENT} characters`;
  return undefined;
}

/** True when arrays/objects nest deeper than `max` (walked without recursion: the input is hostile). */
export function nestsDeeperThan(value: unknown, max = MAX_BODY_DEPTH): boolean {
  const stack: Array<[unknown, number]> = [[value, 0]];
  for (let next = stack.pop(); next; next = stack.pop()) {
    const [v, depth] = next;
    if (v === null || typeof v !== 'object') continue;
    if (depth >= max) return true;
    for (const child of Object.values(v)) stack.push([child, depth + 1]);
  }
  return false;
}
