/**
 * LDIF strategy: nothing is sent. add/delete/modify/modifyDn become RFC 2849 change records
 * (kept per message id for `conn.response`); every other request is answered as unwilling.
 */
import type { LdifChangeRecord, LdifModifyOperation } from '../../ldif/index.js';
import { formatLdifRecord } from '../../ldif/index.js';
import type { Control, LdapMessage, RequestOp, ResponseOp } from '../../protocol/index.js';
import type { Channel, Exchange } from '../transport/exchange.js';

const OPS: readonly LdifModifyOperation[] = ['add', 'delete', 'replace', 'increment'];

export function toChangeRecord(
  op: RequestOp,
  controls: readonly Control[] | undefined,
): LdifChangeRecord | undefined {
  const ctl = (controls ?? []).map((c) =>
    c.value ? { oid: c.oid, critical: c.critical, value: c.value } : { oid: c.oid, critical: c.critical },
  );
  switch (op.type) {
    case 'AddRequest':
      return {
        type: 'add',
        dn: op.entry,
        controls: ctl,
        attributes: op.attributes.map((a) => ({ type: a.type, values: a.vals })),
      };
    case 'DelRequest':
      return { type: 'delete', dn: op.dn, controls: ctl };
    case 'ModifyRequest':
      return {
        type: 'modify',
        dn: op.object,
        controls: ctl,
        changes: op.changes.map((c) => ({
          operation: OPS[c.operation] ?? 'replace',
          attribute: { type: c.modification.type, values: c.modification.vals },
        })),
      };
    case 'ModifyDNRequest': {
      const rec = {
        type: 'moddn' as const,
        dn: op.entry,
        controls: ctl,
        newRdn: op.newrdn,
        deleteOldRdn: op.deleteoldrdn,
      };
      return op.newSuperior === undefined ? rec : { ...rec, newSuperior: op.newSuperior };
    }
    default:
      return undefined;
  }
}

const RESPONSE_TYPE = {
  AddRequest: 'AddResponse',
  DelRequest: 'DelResponse',
  ModifyRequest: 'ModifyResponse',
  ModifyDNRequest: 'ModifyDNResponse',
  CompareRequest: 'CompareResponse',
  SearchRequest: 'SearchResultDone',
  BindRequest: 'BindResponse',
  ExtendedRequest: 'ExtendedResponse',
} as const;

export class LdifChannel implements Channel {
  #open = false;
  #nextID = 1;
  readonly #output = new Map<number, string>();

  get isOpen(): boolean {
    return this.#open;
  }
  get tlsActive(): boolean {
    return false;
  }
  get pending(): number {
    return 0;
  }
  open(): Promise<void> {
    this.#open = true;
    return Promise.resolve();
  }

  /** The LDIF text produced for a message id (taken once). */
  takeOutput(messageID: number): string | undefined {
    const text = this.#output.get(messageID);
    this.#output.delete(messageID);
    return text;
  }

  send(op: RequestOp, controls: readonly Control[] | undefined): Exchange {
    const messageID = this.#nextID++;
    const record = toChangeRecord(op, controls);
    if (record) this.#output.set(messageID, formatLdifRecord(record));
    const type =
      op.type in RESPONSE_TYPE ? RESPONSE_TYPE[op.type as keyof typeof RESPONSE_TYPE] : 'ExtendedResponse';
    // Binds "succeed" so autoBind works; reads have nothing to read (RFC 4511 unwillingToPerform, 53).
    const code = record || op.type === 'BindRequest' ? 0 : 53;
    const message = code === 0 ? '' : 'the LDIF strategy only produces change records';
    const final = {
      messageID,
      protocolOp: { type, resultCode: code, matchedDN: '', diagnosticMessage: message },
    } as LdapMessage<ResponseOp>;
    return { messageID, responses: [], done: Promise.resolve(final) };
  }

  notify(): number {
    return this.#nextID++;
  }
  abandon(): boolean {
    return false;
  }
  upgradeTls(): Promise<void> {
    return Promise.resolve();
  }
  close(): Promise<void> {
    this.#open = false;
    return Promise.resolve();
  }
}
