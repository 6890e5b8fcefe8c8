/**
 * What the live differential tests share: the reference slapd (the conformance fixtures and
 * overlays) started for the time of a callback, clients and scenario peers bound as its root
 * DN, and a seeded random source (the same questions on every run).
 */
import { startSlapd } from '../../scripts/slapd.js';
import { Directory } from '../../src/dit/index.js';
import { utf8 } from '../../src/util/index.js';
import { ROOT_DN, ROOT_PW, SLAPD_OPTIONS, loadDirectory } from './corpus.js';
import { directoryPeer, slapdPeer, type Peer, type Step } from './scenarios.js';
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
