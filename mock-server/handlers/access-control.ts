/**
 * A small access-control layer given as data, enough for tests to exercise
 * insufficientAccessRights (50). Rules are read top to bottom and the first one whose target and
 * subject match decides, as in slapd's `access to ... by ...`. The root DN bypasses every rule.
 * Attribute names are compared through `resolve` (the server passes the directory's schema, so
 * `userPassword`, `userpassword` and `2.5.4.35` are one attribute; without it, case-insensitively
 * as written); the pseudo-attribute `entry` stands for the entry itself. Anonymous updates are refused with
 * strongerAuthRequired (8) before any rule, as slapd does ("modifications require authentication").
 */
import { ResultCode } from '../../src/protocol/index.js';
import type { LdapMessage, RequestOp, SearchRequest, SearchResultEntry } from '../../src/protocol/index.js';
import type { Filter } from '../../src/filter/index.js';
import type { RequestHandler, Session } from '../../src/dit/index.js';
import type { HandlerWrapper } from './types.js';
import { resultFor } from './ops.js';
import { dnEqual, dnMatches } from './dn-match.js';

export type AccessRight = 'read' | 'search' | 'compare' | 'write';

export interface AccessRule {
  /** Target: the entry `dn`, and with `subtree` (default true) everything below it. Absent: every entry. */
  dn?: string;
  subtree?: boolean;
  /** Target attributes (case-insensitive; `entry` for the entry itself). Absent: all. */
  attributes?: readonly string[];
  /** Subjects: `*`, `anonymous`, `users` (any bound identity), `self`, or a DN. @defaultValue '*' */
  who?: string | readonly string[];
  /** Rights granted to the subjects on the target; everything else is denied. */
  rights: readonly AccessRight[];
}

export interface AccessPolicy {
  /** Let anonymous clients search and compare. @defaultValue true */
  anonymousRead?: boolean;
  /** Refuse add/delete/modify/modifyDn from anonymous clients (strongerAuthRequired). @defaultValue true */
  writesRequireBind?: boolean;
  rules?: readonly AccessRule[];
  /** The administrator identity that bypasses every rule (like slapd's rootdn). */
  rootDn?: string;
  /**
   * One key per attribute type for a name, alias or OID (and its options stripped by the caller).
   * @defaultValue lower-casing
   */
  resolve?: (name: string) => string;
  /**
   * Does the entry `dn` match `filter`? Used when some filter items must count as Undefined
   * for this client; without it such entries are left out.
   */
  recheck?: (dn: string, filter: Filter) => Promise<boolean>;
}

/** The attribute types a filter's items name. */
function filterAttributes(filter: Filter, out = new Set<string>()): Set<string> {
  switch (filter.type) {
    case 'and':
    case 'or':
      for (const f of filter.filters) filterAttributes(f, out);
      break;
    case 'not':
      filterAttributes(filter.filter, out);
      break;
    case 'extensibleMatch':
      if (filter.attribute !== undefined) out.add(filter.attribute.split(';')[0]!);
      break;
    default:
      out.add(filter.attribute.split(';')[0]!);
  }
  return out;
}

/** No attribute type has this name: an equality item on it is Undefined (RFC 4511 4.5.1.7). */
const NO_SUCH_TYPE = 'x-ldap3ts-no-search-access';

/** The filter with every item on a `denied` attribute made Undefined. */
function withoutAccess(filter: Filter, denied: (attribute: string) => boolean): Filter {
  switch (filter.type) {
    case 'and':
    case 'or':
      return { type: filter.type, filters: filter.filters.map((f) => withoutAccess(f, denied)) };
    case 'not':
      return { type: 'not', filter: withoutAccess(filter.filter, denied) };
    case 'extensibleMatch':
      return filter.attribute !== undefined && denied(filter.attribute.split(';')[0]!)
        ? { type: 'equalityMatch', attribute: NO_SUCH_TYPE, value: new Uint8Array() }
        : filter;
    default:
      return denied(filter.attribute.split(';')[0]!)
        ? { type: 'equalityMatch', attribute: NO_SUCH_TYPE, value: new Uint8Array() }
        : filter;
  }
}

/** Base searches of the root DSE and the subschema subentry stay open so clients can discover the server. */
function isDiscovery(op: SearchRequest): boolean {
  return (
    op.scope === 0 &&
    (op.baseObject === '' || op.baseObject.replace(/\s+/g, '').toLowerCase() === 'cn=subschema')
  );
}

const WRITES = new Set(['AddRequest', 'DelRequest', 'ModifyRequest', 'ModifyDNRequest']);

function subjectMatches(who: string, bindDN: string, target: string): boolean {
  switch (who.toLowerCase()) {
    case '*':
      return true;
    case 'anonymous':
      return bindDN === '';
    case 'users':
      return bindDN !== '';
    case 'self':
      return bindDN !== '' && dnEqual(bindDN, target);
    default:
      return bindDN !== '' && dnEqual(bindDN, who);
  }
}

export class AccessControl {
  readonly anonymousRead: boolean;
  readonly writesRequireBind: boolean;
  readonly rootDn: string | undefined;
  rules: AccessRule[];
  readonly #resolve: (name: string) => string;
  readonly #recheck: AccessPolicy['recheck'];

  constructor(policy: AccessPolicy = {}) {
    this.anonymousRead = policy.anonymousRead ?? true;
    this.writesRequireBind = policy.writesRequireBind ?? true;
    this.rootDn = policy.rootDn;
    this.rules = [...(policy.rules ?? [])];
    this.#recheck = policy.recheck;
    const resolve = policy.resolve;
    // `entry` is not an attribute: never resolved
    this.#resolve = (name) => {
      const lower = name.toLowerCase();
      return lower === 'entry' || !resolve ? lower : resolve(name);
    };
  }

  /** Whether `bindDN` holds `right` on attribute `attribute` of entry `dn`. */
  allowed(bindDN: string, dn: string, attribute: string, right: AccessRight): boolean {
    if (this.rootDn !== undefined && bindDN !== '' && dnEqual(bindDN, this.rootDn)) return true;
    const attr = this.#resolve(attribute);
    for (const rule of this.rules) {
      if (rule.dn !== undefined && !dnMatches(dn, rule.dn, rule.subtree ?? true)) continue;
      if (rule.attributes !== undefined && !rule.attributes.some((a) => this.#resolve(a) === attr)) continue;
      const who = rule.who === undefined ? ['*'] : typeof rule.who === 'string' ? [rule.who] : rule.who;
      if (!who.some((w) => subjectMatches(w, bindDN, dn))) continue;
      return rule.rights.includes(right) || (right === 'search' && rule.rights.includes('read'));
    }
    if (right === 'write') return !this.writesRequireBind || bindDN !== '';
    return this.anonymousRead || bindDN !== '';
  }

  /** The entry as `bindDN` may see it, or undefined when the entry itself is hidden. */
  filterEntry(bindDN: string, entry: SearchResultEntry): SearchResultEntry | undefined {
    if (this.rules.length === 0) return entry;
    if (!this.allowed(bindDN, entry.objectName, 'entry', 'read')) return undefined;
    const attributes = entry.attributes.filter((a) =>
      this.allowed(bindDN, entry.objectName, a.type.split(';')[0]!, 'read'),
    );
    return attributes.length === entry.attributes.length ? entry : { ...entry, attributes };
  }

  /** Undefined when the request may go on, else the reason it is refused. */
  refusal(request: LdapMessage<RequestOp>, session: Session): string | undefined {
    const op = request.protocolOp;
    const who = session.bindDN;
    switch (op.type) {
      case 'SearchRequest':
        if (isDiscovery(op)) return undefined;
        if (!this.anonymousRead && who === '' && this.rules.length === 0) return 'anonymous search refused';
        return this.allowed(who, op.baseObject, 'entry', 'search')
          ? undefined
          : 'no search access to the base';
      case 'CompareRequest':
        return this.allowed(who, op.entry, op.attributeDesc.split(';')[0]!, 'compare')
          ? undefined
          : `no compare access to ${op.attributeDesc}`;
      case 'AddRequest':
        return this.allowed(who, op.entry, 'entry', 'write') ? undefined : 'no write access to add the entry';
      case 'DelRequest':
        return this.allowed(who, op.dn, 'entry', 'write') ? undefined : 'no write access to delete the entry';
      case 'ModifyDNRequest':
        return this.allowed(who, op.entry, 'entry', 'write')
          ? undefined
          : 'no write access to rename the entry';
      case 'ModifyRequest': {
        if (!this.allowed(who, op.object, 'entry', 'write')) return 'no write access to the entry';
        const denied = op.changes.find(
          (c) => !this.allowed(who, op.object, c.modification.type.split(';')[0]!, 'write'),
        );
        return denied ? `no write access to ${denied.modification.type}` : undefined;
      }
      default:
        return undefined;
    }
  }

  wrapper(): HandlerWrapper {
    return (next: RequestHandler): RequestHandler => ({
      handle: async (request, session, respond, signal) => {
        if (this.writesRequireBind && session.bindDN === '' && WRITES.has(request.protocolOp.type)) {
          // slapd refuses anonymous updates before looking at any ACL.
          const done = resultFor(
            request,
            ResultCode.strongerAuthRequired,
            'modifications require authentication',
          );
          if (done) respond(done);
          return;
        }
        const reason = this.refusal(request, session);
        if (reason !== undefined) {
          const done = resultFor(request, ResultCode.insufficientAccessRights, reason);
          if (done) respond(done);
          return;
        }
        const op = request.protocolOp;
        if (op.type !== 'SearchRequest' || this.rules.length === 0 || isDiscovery(op)) {
          return next.handle(request, session, respond, signal);
        }
        const bindDN = session.bindDN;
        const root = this.rootDn !== undefined && bindDN !== '' && dnEqual(bindDN, this.rootDn);
        const named = root ? [] : [...filterAttributes(op.filter)];
        // entries whose match rests on attributes the client may not search are checked again
        // (asynchronously): responses then go out through one queue, in order
        let queue = Promise.resolve();
        const deliver = (message: Parameters<typeof respond>[0]) => {
          if (message.protocolOp.type !== 'SearchResultEntry') return respond(message);
          const visible = this.filterEntry(bindDN, message.protocolOp);
          if (visible)
            respond(visible === message.protocolOp ? message : { ...message, protocolOp: visible });
        };
        await next.handle(
          request,
          session,
          (message) => {
            const entry = message.protocolOp;
            const denied =
              entry.type === 'SearchResultEntry'
                ? named.filter((a) => !this.allowed(bindDN, entry.objectName, a, 'search'))
                : [];
            if (denied.length === 0) {
              queue = queue.then(() => deliver(message));
              return;
            }
            const dn = (entry as SearchResultEntry).objectName;
            const keys = new Set(denied.map((a) => this.#resolve(a)));
            const filter = withoutAccess(op.filter, (a) => keys.has(this.#resolve(a)));
            const check = this.#recheck ? this.#recheck(dn, filter) : Promise.resolve(false);
            queue = queue.then(async () => {
              if (await check) deliver(message);
            });
          },
          signal,
        );
        await queue;
      },
    });
  }
}
