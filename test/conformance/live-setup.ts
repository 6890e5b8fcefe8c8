/**
 * What the live differential tests share: the reference slapd (the conformance fixtures and
 * overlays) started for the time of a callback, clients and scenario peers bound as its root
 * DN, and a seeded random source (the same questions on every run).
 */
import { startSlapd } from '../../scripts/slapd.js';
import { Directory } from '../../src/dit/index.js';
import { utf8 } from '../../src/util/index.js';
import { ROOT_DN, ROOT_PW, SLAPD_OPTIONS, loadDirectory } from './corpus.js';
import {
  directoryPeer,
  slapdPeer,
  type Peer,
  type Step,
  type StepAnswer,
  type StepControls,
} from './scenarios.js';
import { WireClient } from './wire.js';

/** Run `fn` with the URL of a fresh reference slapd; it is stopped afterwards. */
export async function withReferenceSlapd<T>(fn: (url: string) => Promise<T>): Promise<T> {
  const slapd = await startSlapd({ ...SLAPD_OPTIONS, overlays: [...SLAPD_OPTIONS.overlays] });
  try {
    return await fn(slapd.url);
  } finally {
    await slapd.stop();
  }
}

/** A raw client of `url` bound as the root DN (close it when done). */
export async function rootClient(url: string): Promise<WireClient> {
  const client = await WireClient.open(url);
  await client.request({
    type: 'BindRequest',
    version: 3,
    name: ROOT_DN,
    authentication: { type: 'simple', password: utf8(ROOT_PW) },
  });
  return client;
}

export const ROOT_BIND: Step = { op: 'bind', dn: ROOT_DN, password: ROOT_PW };

/** A scenario peer on slapd bound as the root DN. */
export async function rootSlapdPeer(url: string): Promise<Peer> {
  const peer = await slapdPeer(url);
  await peer.run(ROOT_BIND);
  return peer;
}

/** A scenario peer on a freshly loaded Directory, bound as the root DN. */
export async function rootDirectoryPeer(): Promise<Peer> {
  const peer = directoryPeer(await loadDirectory(Directory));
  await peer.run(ROOT_BIND);
  return peer;
}

/** A linear congruential source: `rnd()` in [0, 1), `pick(list)`; the same seed, the same draws. */
export function seeded(seed: number): { rnd: () => number; pick: <T>(a: readonly T[]) => T } {
  let state = seed;
  const rnd = (): number => {
    state = (state * 1103515245 + 12345) & 0x7fffffff;
    return state / 0x7fffffff;
  };
  return { rnd, pick: <T>(a: readonly T[]): T => a[Math.floor(rnd() * a.length)] as T };
}

/** What a comparison of two peers gathered: slapd's result codes (with counts) and differences. */
export interface Comparison {
  readonly codes: Map<number, number>;
  readonly differences: string[];
}

export const newComparison = (): Comparison => ({ codes: new Map(), differences: [] });

/**
 * Send a step to slapd and to our Directory, count slapd's result code and record a difference
 * (under `label`) when the answers differ as `show` prints them; with `read`, the entry read
 * afterwards must agree too. Returns slapd's answer.
 */
export function comparer(
  theirs: Peer,
  ours: Peer,
  into: Comparison,
  label: string,
  show: (a: StepAnswer) => string = (a) => JSON.stringify(a),
): (step: Step & StepControls, read?: Step) => Promise<StepAnswer> {
  return async (step, read) => {
    const a = await theirs.run(step);
    const b = await ours.run(step);
    into.codes.set(a.resultCode, (into.codes.get(a.resultCode) ?? 0) + 1);
    const ra = read ? JSON.stringify(await theirs.run(read)) : '';
    const rb = read ? JSON.stringify(await ours.run(read)) : '';
    if (show(a) !== show(b) || ra !== rb)
      into.differences.push(`${label} ${JSON.stringify(step)}: slapd ${show(a)} ${ra} ours ${show(b)} ${rb}`);
    return a;
  };
}

/**
 * The random differential test loop: for each seed a fresh reference slapd, then `count` steps
 * drawn by `draw` (undefined skips one) sent to each pair of peers `pairs` opens (by default
 * slapd and a Directory, both bound as the root DN).
 */
export async function compareRandomSteps(
  seeds: readonly number[],
  count: number,
  draw: (source: ReturnType<typeof seeded>, i: number, seed: number) => (Step & StepControls) | undefined,
  options: {
    show?: (a: StepAnswer) => string;
    pairs?: (url: string) => Promise<Array<[theirs: Peer, ours: Peer]>>;
  } = {},
): Promise<Comparison> {
  const result = newComparison();
  const pairs =
    options.pairs ?? (async (url: string) => [[await rootSlapdPeer(url), await rootDirectoryPeer()]]);
  for (const seed of seeds) {
    const source = seeded(seed);
    await withReferenceSlapd(async (url) => {
      for (const [theirs, ours] of await pairs(url)) {
        try {
          const run = comparer(theirs, ours, result, `seed ${seed}`, options.show);
          for (let i = 0; i < count; i++) {
            const step = draw(source, i, seed);
            if (step) await run(step);
          }
        } finally {
          theirs.close();
          ours.close();
        }
      }
    });
  }
  return result;
}
