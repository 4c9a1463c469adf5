import { readFileSync } from 'node:fs';

/**
 * Summarises a V8 .cpuprofile (Profiler.stop / node --cpu-prof) into where the time went: self
 * time per function, inclusive time per function (a function counted once per sample however
 * deep it recurses), and self time per place (npm package, file of the app, node internals),
 * each in ms and in % of the busy (non-idle) time.
 */

interface CallFrame {
  functionName: string;
  url: string;
  lineNumber: number;
}
interface ProfileNode {
  id: number;
  callFrame: CallFrame;
  children?: number[];
}
interface CpuProfile {
  nodes: ProfileNode[];
  startTime: number;
  endTime: number;
  samples: number[];
  timeDeltas: number[];
}

export interface TimeShare {
  name: string;
  ms: number;
  /** % of the busy time (the profile's wall time minus "(idle)"). */
  pct: number;
}

export interface ProfileSummary {
  wallMs: number;
  busyMs: number;
  idleMs: number;
  /** "(garbage collector)" samples, % of busy. */
  gcPct: number;
  /** Self time by place: npm package, app file (dist/src/...), node internals, native/V8. */
  byPlace: TimeShare[];
  topSelf: TimeShare[];
  topInclusive: TimeShare[];
  /** Inclusive time of frames whose name matches one of the `watch` patterns. */
  watched: TimeShare[];
}

function shortUrl(url: string): string {
  const modules = url.lastIndexOf('/node_modules/');
  if (modules >= 0) return url.slice(modules + '/node_modules/'.length);
  const dist = url.lastIndexOf('/dist/');
  if (dist >= 0) return url.slice(dist + '/dist/'.length);
  return url.replace(/^file:\/\//, '');
}

/** npm package, app file, node internal, or the special V8 frames. */
export function placeOf(frame: CallFrame): string {
  const { url, functionName } = frame;
  if (url === '') {
    if (functionName.startsWith('(')) return functionName;
    return 'native (V8 builtins, C++ addons)';
  }
  const modules = url.lastIndexOf('/node_modules/');
  if (modules >= 0) {
    const parts = url.slice(modules + '/node_modules/'.length).split('/');
    return `npm ${parts[0].startsWith('@') ? `${parts[0]}/${parts[1]}` : parts[0]}`;
  }
  if (url.startsWith('node:')) return 'node internals';
  const dist = url.lastIndexOf('/dist/');
  if (dist >= 0) return `app ${url.slice(dist + '/dist/'.length)}`;
  return url;
}

function frameName(frame: CallFrame, parent?: CallFrame): string {
  const name = frame.functionName || '(anonymous)';
  if (frame.url === '') {
    // A native function (better-sqlite3's run/exec, JSON.parse, ...): say who called it.
    return parent && parent.url !== '' ? `${name} [native, called from ${parent.functionName || '(anonymous)'} ${shortUrl(parent.url)}:${parent.lineNumber + 1}]` : name;
  }
  return `${name} ${shortUrl(frame.url)}:${frame.lineNumber + 1}`;
}

export function summariseCpuProfile(file: string, options: { top?: number; watch?: RegExp[] } = {}): ProfileSummary {
  const profile = JSON.parse(readFileSync(file, 'utf8')) as CpuProfile;
  const top = options.top ?? 25;
  const byId = new Map<number, ProfileNode>();
  const parentOf = new Map<number, number>();
  for (const node of profile.nodes) {
    byId.set(node.id, node);
    for (const child of node.children ?? []) parentOf.set(child, node.id);
  }
  const selfUs = new Map<number, number>();
  for (let i = 0; i < profile.samples.length; i++) {
    // timeDeltas[i] is the time before sample i; the time after it is attributed to it.
    const delta = profile.timeDeltas[i + 1] ?? 0;
    selfUs.set(profile.samples[i], (selfUs.get(profile.samples[i]) ?? 0) + Math.max(0, delta));
  }
  let wallUs = 0;
  let idleUs = 0;
  let gcUs = 0;
  const self = new Map<string, number>();
  const place = new Map<string, number>();
  const inclusive = new Map<string, number>();
  const add = (map: Map<string, number>, key: string, us: number) => map.set(key, (map.get(key) ?? 0) + us);
  for (const [id, us] of selfUs) {
    const node = byId.get(id)!;
    wallUs += us;
    const frame = node.callFrame;
    if (frame.functionName === '(idle)') {
      idleUs += us;
      continue;
    }
    if (frame.functionName === '(garbage collector)') gcUs += us;
    const parentId = parentOf.get(id);
    add(self, frameName(frame, parentId !== undefined ? byId.get(parentId)!.callFrame : undefined), us);
    add(place, placeOf(frame), us);
    const seen = new Set<string>();
    for (let at: number | undefined = id; at !== undefined; at = parentOf.get(at)) {
      const f = byId.get(at)!.callFrame;
      if (f.functionName === '(root)') break;
      const up = parentOf.get(at);
      const key = frameName(f, up !== undefined ? byId.get(up)!.callFrame : undefined);
      if (seen.has(key)) continue;
      seen.add(key);
      add(inclusive, key, us);
    }
  }
  const busyUs = wallUs - idleUs;
  const shares = (map: Map<string, number>, limit: number, keep: (name: string) => boolean = () => true): TimeShare[] =>
    [...map]
      .filter(([name]) => keep(name))
      .sort((a, b) => b[1] - a[1])
      .slice(0, limit)
      .map(([name, us]) => ({ name, ms: Math.round(us / 100) / 10, pct: Math.round((1000 * us) / busyUs) / 10 }));
  const watch = options.watch ?? [];
  return {
    wallMs: Math.round(wallUs / 1000),
    busyMs: Math.round(busyUs / 1000),
    idleMs: Math.round(idleUs / 1000),
    gcPct: Math.round((1000 * gcUs) / busyUs) / 10,
    byPlace: shares(place, top),
    topSelf: shares(self, top),
    topInclusive: shares(inclusive, top * 2),
    watched: watch.length > 0 ? shares(inclusive, 200, (name) => watch.some((w) => w.test(name))) : [],
  };
}

/**
 * How much of each `windowMs` of the profile was spent under a frame whose function name matches
 * `pattern` (inclusive), in %: shows a cost that grows (or shrinks) during the profiled window.
 */
export function shareOverTime(file: string, pattern: RegExp, windowMs: number): number[] {
  const profile = JSON.parse(readFileSync(file, 'utf8')) as CpuProfile;
  const byId = new Map<number, ProfileNode>();
  const parentOf = new Map<number, number>();
  for (const node of profile.nodes) {
    byId.set(node.id, node);
    for (const child of node.children ?? []) parentOf.set(child, node.id);
  }
  const under = new Map<number, boolean>();
  const isUnder = (id: number): boolean => {
    let known = under.get(id);
    if (known === undefined) {
      known = false;
      for (let at: number | undefined = id; at !== undefined; at = parentOf.get(at)) {
        if (pattern.test(byId.get(at)!.callFrame.functionName)) {
          known = true;
          break;
        }
      }
      under.set(id, known);
    }
    return known;
  };
  const windows: Array<{ hit: number; all: number }> = [];
  let t = 0;
  for (let i = 0; i < profile.samples.length; i++) {
    t += profile.timeDeltas[i];
    const us = Math.max(0, profile.timeDeltas[i + 1] ?? 0);
    const w = Math.floor(t / 1000 / windowMs);
    windows[w] ??= { hit: 0, all: 0 };
    windows[w].all += us;
    if (isUnder(profile.samples[i])) windows[w].hit += us;
  }
  return Array.from(windows, (w) => (w && w.all > 0 ? Math.round((100 * w.hit) / w.all) : 0));
}
