/**
 * Turning RFC 4511 response messages into ldap3's shapes: the result dictionary (section
 * 4.1.9 LDAPResult plus the op's extra fields) and response items.
 */
import type { Control, LdapMessage, ResponseOp } from '../protocol/index.js';
import { resultCodeName } from '../protocol/index.js';
import { describeControl } from './controls.js';
import { AttributeMap } from './attribute-map.js';
import type { AttributeFormatter } from './format.js';
import type { ControlInfo, ResponseItem, Result, SearchResEntry } from './types.js';

/**
 * A search result entry whose formatted `attributes` are computed on first access: code that
 * only iterates entries or reads raw bytes never pays for formatting.
 */
class SearchEntry implements SearchResEntry {
  readonly type = 'searchResEntry';
  #attributes: AttributeMap<unknown> | undefined;
  readonly #formatter: AttributeFormatter;
  controls?: Record<string, ControlInfo>;

  constructor(
    readonly dn: string,
    readonly rawAttributes: AttributeMap<Uint8Array[]>,
    formatter: AttributeFormatter,
    controls: Record<string, ControlInfo> | undefined,
  ) {
    this.#formatter = formatter;
    if (controls) this.controls = controls;
  }

  get attributes(): AttributeMap<unknown> {
    if (!this.#attributes) {
      const formatted = new AttributeMap<unknown>();
      for (const [name, vals] of this.rawAttributes) formatted.set(name, this.#formatter.format(name, vals));
      this.#attributes = formatted;
    }
    return this.#attributes;
  }

  set attributes(value: AttributeMap<unknown>) {
    this.#attributes = value;
  }

  toJSON(): Record<string, unknown> {
    return { type: this.type, dn: this.dn, attributes: this.attributes, rawAttributes: this.rawAttributes };
  }
}

/** ldap3's names for the response types. */
const TYPE_NAMES: Readonly<Record<ResponseOp['type'], string>> = {
  BindResponse: 'bindResponse',
  SearchResultEntry: 'searchResEntry',
  SearchResultReference: 'searchResRef',
  SearchResultDone: 'searchResDone',
  ModifyResponse: 'modifyResponse',
  AddResponse: 'addResponse',
  DelResponse: 'delResponse',
  ModifyDNResponse: 'modDNResponse',
  CompareResponse: 'compareResponse',
  ExtendedResponse: 'extendedResp',
  IntermediateResponse: 'intermediateResponse',
};

export function controlsToInfo(
  controls: readonly Control[] | undefined,
): Record<string, ControlInfo> | undefined {
  if (!controls || controls.length === 0) return undefined;
  // Keyed by OID, which we decode ourselves: a null-prototype record keeps `__proto__` inert.
  const out = Object.create(null) as Record<string, ControlInfo>;
  for (const c of controls) {
    const d = describeControl(c);
    out[c.oid] = { description: d.description, criticality: c.critical, value: d.value };
  }
  return out;
}

/** The result dictionary of a final response. */
export function toResult(message: LdapMessage<ResponseOp>): Result {
  const op = message.protocolOp;
  if (
    op.type === 'SearchResultEntry' ||
    op.type === 'SearchResultReference' ||
    op.type === 'IntermediateResponse'
  ) {
    throw new TypeError(`${op.type} is not a final response`);
  }
  const result: Result = {
    result: op.resultCode,
    description: resultCodeName(op.resultCode),
    dn: op.matchedDN,
    message: op.diagnosticMessage,
    referrals: op.referral ? [...op.referral] : null,
    type: TYPE_NAMES[op.type],
  };
  const controls = controlsToInfo(message.controls);
  if (controls) result.controls = controls;
  if (op.type === 'ExtendedResponse') {
    if (op.responseName !== undefined) result.responseName = op.responseName;
    if (op.responseValue !== undefined) result.responseValue = op.responseValue;
  }
  if (op.type === 'BindResponse' && op.serverSaslCreds !== undefined) result.saslCreds = op.serverSaslCreds;
  return result;
}

/** One response item (entry, reference, intermediate) in ldap3's shape. */
export function toResponseItem(
  message: LdapMessage<ResponseOp>,
  formatter: AttributeFormatter,
  returnEmpty = true,
): ResponseItem {
  const op = message.protocolOp;
  const controls = controlsToInfo(message.controls);
  if (op.type === 'SearchResultEntry') {
    const raw = new AttributeMap<Uint8Array[]>();
    for (const attr of op.attributes) {
      if (!returnEmpty && attr.vals.length === 0) continue;
      raw.appendExact(attr.type, attr.vals);
    }
    return new SearchEntry(op.objectName, raw, formatter, controls);
  }
  if (op.type === 'SearchResultReference') {
    return controls
      ? { type: 'searchResRef', uri: [...op.uris], controls }
      : { type: 'searchResRef', uri: [...op.uris] };
  }
  if (op.type === 'IntermediateResponse') {
    const item: ResponseItem = { type: 'intermediateResponse' };
    if (op.responseName !== undefined) item.responseName = op.responseName;
    if (op.responseValue !== undefined) item.responseValue = op.responseValue;
    return item;
  }
  throw new TypeError(`${op.type} is a final response`);
}

/**
 * Codes that `raiseExceptions` does not turn into errors (API.md): success, compareFalse/True,
 * referral, saslBindInProgress, sizeLimitExceeded, timeLimitExceeded.
 */
const NOT_ERRORS = new Set([0, 5, 6, 10, 14, 4, 3]);
export function isErrorResult(code: number): boolean {
  return !NOT_ERRORS.has(code);
}
