/**
 * Debug logging: every message in and out is published on the `ldap3ts:client` diagnostics
 * channel and, with NODE_DEBUG=ldap3ts, printed through util.debuglog. Secrets (simple bind
 * passwords, SASL credentials, password-modify values, password attributes) are redacted
 * before anything leaves this module. Costs nothing when nobody listens.
 */
import { channel } from 'node:diagnostics_channel';
import { debuglog } from 'node:util';
import type { LdapMessage, PartialAttribute, ProtocolOp } from '../protocol/index.js';
import { fromUtf8Strict } from '../util/index.js';

export const CLIENT_CHANNEL = 'ldap3ts:client';
const diagnostics = channel(CLIENT_CHANNEL);
const log = debuglog('ldap3ts');
const SECRET_ATTRIBUTE = /^(userpassword|unicodepwd|authpassword|clearpassword)(;|$)/i;
const PASSWORD_MODIFY = '1.3.6.1.4.1.4203.1.11.1';

export interface TraceEvent {
  readonly connection: number;
  readonly direction: 'in' | 'out';
  /** The message with every secret replaced by `'<redacted>'`. */
  readonly message: unknown;
}

export function tracing(): boolean {
  return diagnostics.hasSubscribers || log.enabled;
}

/** `[type, values]` of an attribute for the trace, with secret attributes' values redacted. */
function shownAttribute(a: PartialAttribute): [string, unknown[]] {
  const secret = SECRET_ATTRIBUTE.test(a.type);
  return [a.type, a.vals.map((v) => shown(v, secret))];
}

function shown(v: Uint8Array, secret: boolean): unknown {
  if (secret) return '<redacted>';
  return fromUtf8Strict(v) ?? `<${v.length} bytes>`;
}

/** A loggable copy of a message with secrets removed. */
export function redact(message: LdapMessage): Record<string, unknown> {
  const op: ProtocolOp = message.protocolOp;
  let safe: Record<string, unknown>;
  switch (op.type) {
    case 'BindRequest':
      safe = {
        type: op.type,
        name: op.name,
        authentication:
          op.authentication.type === 'simple'
            ? { type: 'simple', password: '<redacted>' }
            : {
                type: 'sasl',
                mechanism: op.authentication.mechanism,
                credentials: op.authentication.credentials ? '<redacted>' : undefined,
              },
      };
      break;
    case 'BindResponse':
      safe = {
        type: op.type,
        resultCode: op.resultCode,
        diagnosticMessage: op.diagnosticMessage,
        serverSaslCreds: op.serverSaslCreds ? '<redacted>' : undefined,
      };
      break;
    case 'ExtendedRequest':
      safe = {
        type: op.type,
        requestName: op.requestName,
        requestValue:
          op.requestValue && op.requestName === PASSWORD_MODIFY ? '<redacted>' : op.requestValue?.length,
      };
      break;
    case 'ExtendedResponse':
      safe = {
        type: op.type,
        resultCode: op.resultCode,
        responseName: op.responseName,
        diagnosticMessage: op.diagnosticMessage,
        responseValue: op.responseValue ? `<${op.responseValue.length} bytes>` : undefined,
      };
      break;
    case 'AddRequest':
      safe = {
        type: op.type,
        entry: op.entry,
        attributes: op.attributes.map(shownAttribute),
      };
      break;
    case 'ModifyRequest':
      safe = {
        type: op.type,
        object: op.object,
        changes: op.changes.map((c) => [c.operation, ...shownAttribute(c.modification)]),
      };
      break;
    case 'CompareRequest':
      safe = {
        type: op.type,
        entry: op.entry,
        attributeDesc: op.attributeDesc,
        assertionValue: shown(op.assertionValue, SECRET_ATTRIBUTE.test(op.attributeDesc)),
      };
      break;
    case 'SearchResultEntry':
      safe = {
        type: op.type,
        objectName: op.objectName,
        attributes: op.attributes.map(shownAttribute),
      };
      break;
    case 'SearchRequest':
      safe = {
        type: op.type,
        baseObject: op.baseObject,
        scope: op.scope,
        attributes: op.attributes,
        sizeLimit: op.sizeLimit,
      };
      break;
    default:
      safe = { ...op } as Record<string, unknown>;
  }
  return { messageID: message.messageID, protocolOp: safe, controls: message.controls?.map((c) => c.oid) };
}

let nextConnection = 1;

/** A per-connection tracer for the transport's onTrace hook, or undefined when nobody listens. */
export function tracer(): ((direction: 'in' | 'out', message: LdapMessage) => void) | undefined {
  const connection = nextConnection++;
  return (direction, message) => {
    if (!tracing()) return;
    const event: TraceEvent = { connection, direction, message: redact(message) };
    if (diagnostics.hasSubscribers) diagnostics.publish(event);
    if (log.enabled) log('#%d %s %j', connection, direction === 'out' ? '>>' : '<<', event.message);
  };
}
