/**
 * `conn.request`: a readable summary of what was sent (ldap3's request dictionary). Passwords
 * and SASL credentials never appear in it: it ends up in logs and error reports.
 */
import { formatFilter } from '../filter/index.js';
import type { Control, RequestOp } from '../protocol/index.js';
import { fromUtf8Strict } from '../util/index.js';
import type { RequestInfo } from './types.js';

const SCOPES = ['BASE', 'LEVEL', 'SUBTREE', 'SUBORDINATES'] as const;
const OPS = ['MODIFY_ADD', 'MODIFY_DELETE', 'MODIFY_REPLACE', 'MODIFY_INCREMENT'] as const;

const text = (v: Uint8Array): string | Uint8Array => fromUtf8Strict(v) ?? v;
const SECRET = /^(userpassword|unicodepwd|authpassword|clearpassword)(;|$)/i;
const values = (type: string, vals: readonly Uint8Array[]): Array<string | Uint8Array> =>
  SECRET.test(type) ? vals.map(() => '<redacted>') : vals.map(text);

/** The state behind a lazily built request summary. */
class LazyRequest {
  built: RequestInfo | undefined;
  constructor(
    readonly op: RequestOp,
    readonly messageId: number,
    readonly controls: readonly Control[] | undefined,
  ) {}

  build(): RequestInfo {
    if (!this.built) {
      const info = describeOp(this.op);
      info.messageId = this.messageId;
      if (this.controls && this.controls.length > 0)
        info.controls = this.controls.map((c) => ({ oid: c.oid, criticality: c.critical }));
      this.built = info;
    }
    return this.built;
  }
}

// One handler for every summary: no closures per operation on the hot path.
const LAZY: ProxyHandler<LazyRequest> = {
  get: (t, key) => (key === 'then' ? undefined : (Reflect.get(t.build(), key) as unknown)),
  has: (t, key) => key in t.build(),
  ownKeys: (t) => Reflect.ownKeys(t.build()),
  getOwnPropertyDescriptor: (t, key) => {
    const d = Reflect.getOwnPropertyDescriptor(t.build(), key);
    return d ? { ...d, configurable: true } : undefined;
  },
};

/**
 * The request summary, built only when someone reads it (`conn.request`, a SAFE tuple): most
 * operations never look, and formatting a filter per pipelined search is not free.
 */
export function describeRequest(
  op: RequestOp,
  messageId: number,
  controls: readonly Control[] | undefined,
): RequestInfo {
  return new Proxy(new LazyRequest(op, messageId, controls), LAZY) as unknown as RequestInfo;
}

function describeOp(op: RequestOp): RequestInfo {
  switch (op.type) {
    case 'BindRequest':
      return {
        type: 'bindRequest',
        version: op.version,
        dn: op.name,
        authentication:
          op.authentication.type === 'simple' ? 'SIMPLE' : `SASL ${op.authentication.mechanism}`,
      };
    case 'UnbindRequest':
      return { type: 'unbindRequest' };
    case 'SearchRequest':
      return {
        type: 'searchRequest',
        base: op.baseObject,
        scope: SCOPES[op.scope],
        dereferenceAlias: op.derefAliases,
        sizeLimit: op.sizeLimit,
        timeLimit: op.timeLimit,
        typesOnly: op.typesOnly,
        filter: formatFilter(op.filter),
        attributes: [...op.attributes],
      };
    case 'AddRequest':
      return {
        type: 'addRequest',
        entry: op.entry,
        attributes: op.attributes.map((a) => [a.type, values(a.type, a.vals)] as const),
      };
    case 'DelRequest':
      return { type: 'delRequest', entry: op.dn };
    case 'ModifyRequest':
      return {
        type: 'modifyRequest',
        entry: op.object,
        changes: op.changes.map((c) => ({
          operation: OPS[c.operation],
          attribute: c.modification.type,
          values: values(c.modification.type, c.modification.vals),
        })),
      };
    case 'ModifyDNRequest':
      return {
        type: 'modDNRequest',
        entry: op.entry,
        newRdn: op.newrdn,
        deleteOldRdn: op.deleteoldrdn,
        newSuperior: op.newSuperior ?? null,
      };
    case 'CompareRequest':
      return {
        type: 'compareRequest',
        entry: op.entry,
        attribute: op.attributeDesc,
        value: values(op.attributeDesc, [op.assertionValue])[0],
      };
    case 'AbandonRequest':
      return { type: 'abandonRequest', messageIdToAbandon: op.messageID };
    case 'ExtendedRequest':
      // Request values can carry passwords (RFC 3062): report only their size.
      return { type: 'extendedReq', name: op.requestName, valueLength: op.requestValue?.length ?? 0 };
  }
}
