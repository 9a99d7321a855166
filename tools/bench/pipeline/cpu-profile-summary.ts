import * as fs from 'node:fs';
import * as path from 'node:path';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string };
  hitCount?: number;
}

/** Where a sampled function lives: an npm package, one of our libraries, Node itself, or the VM. */
export function placeOf(url: string, functionName: string): string {
  if (!url) return functionName.startsWith('(') ? functionName : `native ${functionName || '(anonymous)'}`;
  const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (pkg) return pkg[1];
  const ours = /dist\/(libs|apps)\/([^/]+)\/src\/(?:([^/]+)\/)?/.exec(url);
  if (ours) return `${ours[1]}/${ours[2]}${ours[3] && !ours[3].endsWith('.js') ? `/${ours[3]}` : ''}`;
  if (url.startsWith('node:internal/'))
    return `node:internal/${url.slice(14).split('/')[0].replace(/\.js$/, '')}`;
  if (url.startsWith('node:')) return url;
  return path.basename(url);
}

/**
 * The self time of a V8 CPU profile (`node --cpu-prof`) by place, busiest first, as shares of the
 * busy (non-idle) samples: where a service spends its CPU. Only the samples between `fromMs` and
 * `toMs` after the profile started count (the load, not the start-up's code-set loading).
 */
export function summarizeCpuProfile(
  file: string,
  fromMs: number,
  toMs: number,
  top = 12,
): Array<{ place: string; share: number }> {
  const profile = JSON.parse(fs.readFileSync(file, 'utf8')) as {
    nodes: ProfileNode[];
    samples: number[];
    timeDeltas: number[];
  };
  const nodes = new Map(profile.nodes.map((n) => [n.id, n]));
  const byPlace = new Map<string, number>();
  let busy = 0;
  let atMicros = 0;
  profile.samples.forEach((id, i) => {
    atMicros += profile.timeDeltas[i] ?? 0;
    const ms = atMicros / 1000;
    const node = nodes.get(id);
    if (ms < fromMs || ms > toMs || !node || node.callFrame.functionName === '(idle)') return;
    const place = placeOf(node.callFrame.url, node.callFrame.functionName);
    byPlace.set(place, (byPlace.get(place) ?? 0) + 1);
    busy++;
  });
  return [...byPlace]
    .sort((a, b) => b[1] - a[1])
    .slice(0, top)
    .map(([place, hits]) => ({ place, share: Math.round((hits / busy) * 1000) / 10 }));
}
