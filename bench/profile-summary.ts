import { relative } from 'node:path';
import { root } from './size.ts';

export interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}

/** A V8 CPU profile, as `Profiler.stop` answers it. */
export interface CpuProfile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

/** How a summary is cut: the `top` rows, with amounts also divided by `count` units named `unit`. */
export interface SummaryOptions {
  top: number;
  count: number;
  unit: string;
}

const place = (url: string) => {
  if (!url) return '';
  const path = url.startsWith('file://') ? relative(root, new URL(url).pathname) : url;
  return path.replace(/^.*node_modules\//, '');
};

export const nameOf = ({ callFrame: { functionName, url, lineNumber } }: Pick<ProfileNode, 'callFrame'>) =>
  `${functionName || '(anonymous)'} ${place(url)}${url ? `:${lineNumber + 1}` : ''}`.trim();

export const packageOf = ({ callFrame: { url, functionName } }: Pick<ProfileNode, 'callFrame'>) => {
  if (!url) return functionName;
  if (url.startsWith('node:')) return url.split('/').slice(0, 2).join('/');
  const inModules = url.match(/node_modules\/((@[^/]+\/)?[^/]+)/);
  return inModules ? inModules[1]! : place(url).split('/')[0]!;
};

const capitalized = (word: string) => word.charAt(0).toUpperCase() + word.slice(1);

/** The `top` entries of `map` with their share of `sum` and their amount per unit. */
export const ranked = (map: Map<string, number>, sum: number, { top, count, unit }: SummaryOptions) =>
  Object.fromEntries(
    [...map]
      .sort((a, b) => b[1] - a[1])
      .slice(0, top)
      .map(([name, amount]) => [
        name,
        {
          '%': Number(((100 * amount) / sum).toFixed(1)),
          [`per${capitalized(unit)}`]: Math.round(amount / count),
        },
      ]),
  );

/** Busy time in microseconds by function (self and total) and by package. */
export function cpuTables(profile: CpuProfile) {
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const parent = new Map<number, number>();
  for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id);
  const self = new Map<string, number>();
  const total = new Map<string, number>();
  const packages = new Map<string, number>();
  let sum = 0;
  profile.samples.forEach((id, index) => {
    const delta = profile.timeDeltas[index] ?? 0;
    const node = byId.get(id)!;
    if (node.callFrame.functionName === '(idle)') return;
    sum += delta;
    const add = (map: Map<string, number>, key: string) => map.set(key, (map.get(key) ?? 0) + delta);
    add(self, nameOf(node));
    add(packages, packageOf(node));
    const seen = new Set<string>();
    for (let at: number | undefined = id; at !== undefined; at = parent.get(at)) {
      const name = nameOf(byId.get(at)!);
      if (!seen.has(name)) add(total, name);
      seen.add(name);
    }
  });
  total.delete('(root)');
  return { self, total, packages, sum };
}

/** Prints where a profile's CPU time went: by function (self time), by package, and by function (total). */
export function summarizeCpu(profile: CpuProfile, title: string, options: SummaryOptions) {
  const { self, total, packages, sum } = cpuTables(profile);
  console.log(
    `${title}: ${(sum / 1000).toFixed(0)} ms busy, ${(sum / options.count).toFixed(0)} µs per ${options.unit}`,
  );
  console.log('self time');
  console.table(ranked(self, sum, options));
  console.log('self time by package');
  console.table(ranked(packages, sum, options));
  console.log('total time');
  console.table(ranked(total, sum, options));
}
