/**
 * Referral objects (RFC 3296): an entry with objectClass `referral` and `ref` values answers
 * operations on it with a referral (10) unless the ManageDsaIT control is present. As slapd
 * does, the URLs are adjusted for the operation (RFC 3296 section 5.2, RFC 4511 section 4.5.3):
 * a target below the referral object gets its DN rewritten into the referred naming context,
 * and search URLs carry the scope the search continues with (`??base`, `??sub`).
 */
import type { Dn } from '../../dn/index.js';
import { fromUtf8 } from '../../util/index.js';
import { OperationFailure, outcome, RC } from '../result.js';
import type { Entry } from '../store.js';
import { type Name, writeDn } from '../names.js';
import type { SchemaView } from '../schema-view.js';
import { OID, type OpContext } from './context.js';

export type UrlScope = 'base' | 'one' | 'sub';

/**
 * A DN as the `dn` part of an LDAP URL: RFC 4516 section 2.1 allows RFC 3986 `pchar` and `/`;
 * every other byte of its UTF-8 form is percent-encoded (`?` `%` `#` `\`, spaces, non-ASCII),
 * as slapd writes the referrals it rewrites.
 */
function urlDn(dn: string): string {
  return /^[A-Za-z0-9\-._~!$&'()*+,;=:@/]*$/.test(dn)
    ? dn
    : encodeURIComponent(dn).replace(/%(2[46BCF]|3[ABD]|40)/g, (m) => decodeURIComponent(m));
}

/**
 * Rewrite an LDAP URL: optionally prefix its DN with `relative` RDNs (written as the server
 * writes DNs, then URL-encoded), and add a scope when it has none.
 */
export function adjustUrl(uri: string, relative: string | undefined, scope: UrlScope | undefined): string {
  const m = /^([a-zA-Z][a-zA-Z0-9+.-]*:\/\/[^/?]*)(?:\/([^?]*))?(\?.*)?$/.exec(uri);
  if (!m) return uri;
  let dn = m[2] ?? '';
  if (relative) {
    const rel = urlDn(relative);
    dn = dn ? `${rel},${dn}` : rel;
  }
  const query = m[3] ?? (scope ? `??${scope}` : '');
  return `${m[1]}/${dn}${query}`;
}

export function referralUris(ctx: OpContext, entry: Entry, relative?: Dn, scope?: UrlScope): string[] {
  const rel = relative && relative.length > 0 ? relativeDn(ctx.engine.view, relative) : undefined;
  return (ctx.engine.get(entry, 'ref')?.values ?? []).map((v) => adjustUrl(fromUtf8(v), rel, scope));
}

const relativeDn = (view: SchemaView, rdns: Dn): string => writeDn(view, rdns);

export function checkReferral(ctx: OpContext, entry: Entry): void {
  if (ctx.controls.has(OID.manageDsaIT) || !ctx.engine.isReferral(entry)) return;
  throw new OperationFailure(outcome(RC.referral, '', entry.dn, referralUris(ctx, entry)));
}

/**
 * For a target that does not exist: when one of its ancestors is a referral object, the
 * operation is referred there (RFC 3296 section 5.2, the target's DN rewritten into the
 * referred context), as slapd answers compare, modify, delete and modify DN; otherwise nothing.
 */
export function referralAbove(ctx: OpContext, name: Name): void {
  // ManageDsaIT makes a referral object an ordinary entry, not the names below it: those are
  // still referred (slapd, measured on every operation: RFC 3296 has the control treat referral
  // objects as ordinary entries, and a name below one is no referral object)
  for (let i = 1; i < name.rdns.length; i++) {
    const anc = ctx.engine.lookup(name.rdnKeys.slice(i).join(','));
    if (!anc) continue;
    if (ctx.engine.isReferral(anc))
      throw new OperationFailure(
        outcome(RC.referral, '', anc.dn, referralUris(ctx, anc, name.rdns.slice(0, i))),
      );
    return;
  }
}
