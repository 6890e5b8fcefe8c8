/**
 * DN comparisons for rules (faults, access control) through src/dn, so that
 * `UID=Ann, ou=People,dc=example,dc=com` names the same entry as `uid=ann,ou=people,...`.
 * A DN that does not parse only equals itself, compared case-insensitively.
 */
import { dnEquals, isDescendantOrSelf } from '../../src/dn/index.js';

/** True when `dn` equals `base` or, with `subtree`, is below it (the root DN '' contains all). */
export function dnMatches(dn: string, base: string, subtree: boolean): boolean {
  try {
    return subtree ? isDescendantOrSelf(dn, base) : dnEquals(dn, base);
  } catch {
    return dn.trim().toLowerCase() === base.trim().toLowerCase();
  }
}

export function dnEqual(a: string, b: string): boolean {
  return dnMatches(a, b, false);
}
