/**
 * The control registry: OID -> name, description and the codecs of its request and response
 * values (some OIDs carry different values each way: pre/post-read, DirSync, password policy).
 * The client uses it to show `controls: { oid: { description, criticality, value } }`, the
 * directory to read the controls of a request. Unknown OIDs keep their raw bytes.
 */
import { LdapOptionError } from '../../errors.js';
import type { Control } from '../messages.js';
import { ControlOid } from '../oids.js';
import * as ad from './active-directory.js';
import * as shaping from './paged-sort-vlv.js';
import * as pp from './ppolicy-psearch.js';
import * as simple from './simple.js';
import * as sync from './sync.js';

/** Encodes and decodes one control value (method syntax: each codec has its own value type). */
export interface ValueCodec {
  encode(value: unknown): Uint8Array | undefined;
  decode(bytes: Uint8Array | undefined): unknown;
}

export interface ControlDefinition {
  readonly oid: string;
  readonly name: string;
  readonly description: string;
  /** Value sent by the client with a request. */
  readonly request?: ValueCodec;
  /** Value returned by the server with a response. */
  readonly response?: ValueCodec;
}

function codec<T>(
  encode: (v: T) => Uint8Array | undefined,
  decode: (b: Uint8Array | undefined) => T,
): ValueCodec {
  return { encode: encode as (v: unknown) => Uint8Array | undefined, decode };
}

const none = (what: string): ValueCodec =>
  codec<null | undefined>(
    () => undefined,
    (b) => simple.decodeNoValue(b, what),
  );

const paged = codec(shaping.encodePagedResultsValue, shaping.decodePagedResultsValue);
const readEntry = {
  request: codec(simple.encodeReadEntryRequestValue, simple.decodeReadEntryRequestValue),
  response: codec(simple.encodeReadEntryResponseValue, simple.decodeReadEntryResponseValue),
};

const DEFINITIONS: ControlDefinition[] = [
  {
    oid: ControlOid.pagedResults,
    name: 'pagedResults',
    description: 'LDAP Simple Paged Results (RFC 2696)',
    request: paged,
    response: paged,
  },
  {
    oid: ControlOid.sortRequest,
    name: 'sortRequest',
    description: 'Server-Side Sort Request (RFC 2891)',
    request: codec(shaping.encodeSortRequestValue, shaping.decodeSortRequestValue),
  },
  {
    oid: ControlOid.sortResponse,
    name: 'sortResponse',
    description: 'Server-Side Sort Response (RFC 2891)',
    response: codec(shaping.encodeSortResponseValue, shaping.decodeSortResponseValue),
  },
  {
    oid: ControlOid.vlvRequest,
    name: 'vlvRequest',
    description: 'Virtual List View Request (draft-ietf-ldapext-ldapv3-vlv)',
    request: codec(shaping.encodeVlvRequestValue, shaping.decodeVlvRequestValue),
  },
  {
    oid: ControlOid.vlvResponse,
    name: 'vlvResponse',
    description: 'Virtual List View Response (draft-ietf-ldapext-ldapv3-vlv)',
    response: codec(shaping.encodeVlvResponseValue, shaping.decodeVlvResponseValue),
  },
  { oid: ControlOid.preRead, name: 'preRead', description: 'LDAP Pre-read (RFC 4527)', ...readEntry },
  { oid: ControlOid.postRead, name: 'postRead', description: 'LDAP Post-read (RFC 4527)', ...readEntry },
  {
    oid: ControlOid.assertion,
    name: 'assertion',
    description: 'Assertion (RFC 4528)',
    request: codec(simple.encodeAssertionValue, simple.decodeAssertionValue),
  },
  {
    oid: ControlOid.proxiedAuthorizationV2,
    name: 'proxiedAuthorizationV2',
    description: 'Proxied Authorization v2 (RFC 4370)',
    request: codec(simple.encodeProxiedAuthorizationValue, simple.decodeProxiedAuthorizationValue),
  },
  {
    oid: ControlOid.manageDsaIT,
    name: 'manageDsaIT',
    description: 'ManageDsaIT (RFC 3296)',
    request: none('ManageDsaIT control'),
  },
  {
    oid: ControlOid.subtreeDelete,
    name: 'subtreeDelete',
    description: 'Tree Delete',
    request: none('subtree delete control'),
  },
  {
    oid: ControlOid.permissiveModify,
    name: 'permissiveModify',
    description: 'Permissive Modify',
    request: none('permissive modify control'),
  },
  {
    oid: ControlOid.dontUseCopy,
    name: 'dontUseCopy',
    description: "Don't Use Copy (RFC 6171)",
    request: none("don't use copy control"),
  },
  {
    oid: ControlOid.passwordPolicy,
    name: 'passwordPolicy',
    description: 'Password Policy (draft-behera-ldap-password-policy)',
    request: none('password policy request control'),
    response: codec(pp.encodePasswordPolicyResponseValue, pp.decodePasswordPolicyResponseValue),
  },
  {
    oid: ControlOid.persistentSearch,
    name: 'persistentSearch',
    description: 'Persistent Search (draft-ietf-ldapext-psearch)',
    request: codec(pp.encodePersistentSearchValue, pp.decodePersistentSearchValue),
  },
  {
    oid: ControlOid.entryChangeNotification,
    name: 'entryChangeNotification',
    description: 'Entry Change Notification (draft-ietf-ldapext-psearch)',
    response: codec(pp.encodeEntryChangeNotificationValue, pp.decodeEntryChangeNotificationValue),
  },
  {
    oid: ControlOid.syncRequest,
    name: 'syncRequest',
    description: 'Sync Request (RFC 4533)',
    request: codec(sync.encodeSyncRequestValue, sync.decodeSyncRequestValue),
  },
  {
    oid: ControlOid.syncState,
    name: 'syncState',
    description: 'Sync State (RFC 4533)',
    response: codec(sync.encodeSyncStateValue, sync.decodeSyncStateValue),
  },
  {
    oid: ControlOid.syncDone,
    name: 'syncDone',
    description: 'Sync Done (RFC 4533)',
    response: codec(sync.encodeSyncDoneValue, sync.decodeSyncDoneValue),
  },
  {
    oid: ControlOid.transactionSpecification,
    name: 'transactionSpecification',
    description: 'Transaction Specification (RFC 5805)',
    request: codec(simple.encodeTransactionSpecificationValue, simple.decodeTransactionSpecificationValue),
  },
  {
    oid: ControlOid.dirSync,
    name: 'dirSync',
    description: 'DirSync (MS-ADTS)',
    request: codec(ad.encodeDirSyncRequestValue, ad.decodeDirSyncRequestValue),
    response: codec(ad.encodeDirSyncResponseValue, ad.decodeDirSyncResponseValue),
  },
  {
    oid: ControlOid.showDeleted,
    name: 'showDeleted',
    description: 'Show Deleted Objects (MS-ADTS)',
    request: none('show deleted control'),
  },
  {
    oid: ControlOid.sdFlags,
    name: 'sdFlags',
    description: 'Security Descriptor Flags (MS-ADTS)',
    request: codec(ad.encodeSdFlagsValue, ad.decodeSdFlagsValue),
  },
  {
    oid: ControlOid.extendedDn,
    name: 'extendedDn',
    description: 'Extended DN (MS-ADTS)',
    request: codec(ad.encodeExtendedDnValue, ad.decodeExtendedDnValue),
  },
  {
    oid: ControlOid.changeNotification,
    name: 'changeNotification',
    description: 'Change Notification (MS-ADTS)',
    request: none('change notification control'),
  },
];

const BY_OID = new Map<string, ControlDefinition>();
const BY_NAME = new Map<string, ControlDefinition>();
for (const d of DEFINITIONS) {
  BY_OID.set(d.oid, d);
  BY_NAME.set(d.name, d);
}

/** Add or replace a control definition (for vendor controls). */
export function registerControl(def: ControlDefinition): void {
  BY_OID.set(def.oid, def);
  BY_NAME.set(def.name, def);
}

/** The definition for an OID or registry name. */
export function getControlDefinition(oidOrName: string): ControlDefinition | undefined {
  return BY_OID.get(oidOrName) ?? BY_NAME.get(oidOrName);
}

export function controlDefinitions(): ControlDefinition[] {
  return [...BY_OID.values()];
}

/**
 * Build a request control from a typed value (`makeControl('pagedResults', { size: 100,
 * cookie })`). `value` is encoded with the registry's request codec; a Uint8Array is taken as
 * the already-encoded value for any OID.
 */
export function makeControl(
  oidOrName: string,
  value?: unknown,
  critical = false,
  direction: 'request' | 'response' = 'request',
): Control {
  const def = getControlDefinition(oidOrName);
  const oid = def?.oid ?? oidOrName;
  let bytes: Uint8Array | undefined;
  if (value instanceof Uint8Array) bytes = value;
  else if (value !== undefined && value !== null) {
    const c = def?.[direction];
    if (!c) throw new LdapOptionError(`no ${direction} value codec for control ${oidOrName}`);
    bytes = c.encode(value);
  }
  return bytes === undefined ? { oid, critical } : { oid, critical, value: bytes };
}

/**
 * Decode a control's value with the registry; the raw bytes (or undefined) when the OID is
 * unknown. Throws ProtocolError when a known value is malformed.
 */
export function decodeControlValue(control: Control, direction: 'request' | 'response'): unknown {
  const c = BY_OID.get(control.oid)?.[direction];
  return c ? c.decode(control.value) : control.value;
}

export interface ControlDescription {
  description: string;
  criticality: boolean;
  value: unknown;
}

/**
 * The ldap3 view of response controls: `{ oid: { description, criticality, value } }`, value
 * decoded when the OID is known and well-formed, raw bytes otherwise. The record has no
 * prototype, so an OID can never collide with an Object property.
 */
export function describeControls(
  controls: readonly Control[] | undefined,
  direction: 'request' | 'response' = 'response',
): Record<string, ControlDescription> {
  const out = Object.create(null) as Record<string, ControlDescription>;
  for (const c of controls ?? []) {
    const def = BY_OID.get(c.oid);
    let value: unknown = c.value;
    const codec = def?.[direction];
    if (codec) {
      try {
        value = codec.decode(c.value);
      } catch {
        value = c.value;
      }
    }
    out[c.oid] = { description: def?.description ?? '', criticality: c.critical, value };
  }
  return out;
}
