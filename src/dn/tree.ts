/**
 * Tree helpers the directory engine needs: parent, leftmost RDN, ancestry tests and joining.
 * String arguments are parsed (throwing `DnSyntaxError`); string results are in RFC 4514
 * canonical form (`formatDn`).
 */
import { formatDn, formatRdn } from './format.js';
import { normalizeDn, type DnNormalizerOption } from './normalize.js';
import { parseDn, parseRdn } from './parse.js';
import type { Dn, Rdn } from './types.js';

function asDn(dn: Dn | string): Dn {
  return typeof dn === 'string' ? parseDn(dn) : dn;
}

/** The DN one level up; `undefined` for the root DN. */
export function parentDn(dn: string): string | undefined;
export function parentDn(dn: Dn): Dn | undefined;
export function parentDn(dn: Dn | string): Dn | string | undefined {
  const parsed = asDn(dn);
  if (parsed.length === 0) return undefined;
  const parent = parsed.slice(1);
  return typeof dn === 'string' ? formatDn(parent) : parent;
}

/** The leftmost (most specific) RDN; `undefined` for the root DN. */
export function rdnOf(dn: string): string | undefined;
export function rdnOf(dn: Dn): Rdn | undefined;
export function rdnOf(dn: Dn | string): Rdn | string | undefined {
  const first = asDn(dn)[0];
  if (first === undefined) return undefined;
  return typeof dn === 'string' ? formatRdn(first) : first;
}

/** A DN made of `rdn` under `parent` (`parent` may be the root). */
export function joinDn(rdn: Rdn | string, parent: Dn | string): string {
  const r = typeof rdn === 'string' ? parseRdn(rdn) : rdn;
  return formatDn([r, ...asDn(parent)]);
}

/** Number of RDNs (0 for the root). */
export function dnDepth(dn: Dn | string): number {
  return asDn(dn).length;
}

function suffixMatches(dn: Dn, ancestor: Dn, normalizer: DnNormalizerOption | undefined): boolean {
  const tail = dn.slice(dn.length - ancestor.length);
  return normalizeDn(tail, normalizer) === normalizeDn(ancestor, normalizer);
}

/** True when `dn` is strictly below `ancestor` (every DN but the root is below the root). */
export function isDescendant(
  dn: Dn | string,
  ancestor: Dn | string,
  normalizer?: DnNormalizerOption,
): boolean {
  const d = asDn(dn);
  const a = asDn(ancestor);
  return d.length > a.length && suffixMatches(d, a, normalizer);
}

/** True when `dn` equals `ancestor` or is below it (subtree scope, RFC 4511 s4.5.1.2). */
export function isDescendantOrSelf(
  dn: Dn | string,
  ancestor: Dn | string,
  normalizer?: DnNormalizerOption,
): boolean {
  const d = asDn(dn);
  const a = asDn(ancestor);
  return d.length >= a.length && suffixMatches(d, a, normalizer);
}

/** True when `dn` is an immediate child of `parent` (one-level scope). */
export function isChild(dn: Dn | string, parent: Dn | string, normalizer?: DnNormalizerOption): boolean {
  const d = asDn(dn);
  const p = asDn(parent);
  return d.length === p.length + 1 && suffixMatches(d, p, normalizer);
}
