/**
 * A tiny RequestHandler standing in for the directory in session tests: every request succeeds;
 * a search for base `cn=stream` sends entries until aborted, `cn=gate` waits for `release()`,
 * `cn=throw` throws (a handler bug), anything else sends `count` entries (sizeLimit) at once.
 * SASL EXTERNAL binds to `session.externalIdentity`; every extended operation answers `dn:<bindDN>`
 * (plus ` tls` under TLS). `cn=big` sends 200 entries of 64 KiB.
 */
import type { RequestHandler } from '../../../src/dit/index.js';
import type { LdapMessage } from '../../../src/protocol/index.js';

const enc = new TextEncoder();

export interface StubHandler extends RequestHandler {
  release(): void;
  /** Resolves when a `cn=gate` search has started waiting. */
  readonly gated: Promise<void>;
  /** How many `cn=stream` searches saw their abort signal. */
  aborted: number;
}

export function stubHandler(): StubHandler {
  let opened: () => void = () => undefined;
  let gate = new Promise<void>((r) => (opened = r));
  let arrived: () => void = () => undefined;
  const gated = new Promise<void>((r) => (arrived = r));
  const stub: StubHandler = {
    aborted: 0,
    gated,
    release() {
      opened();
      gate = new Promise<void>((r) => (opened = r));
    },
    async handle(request, session, respond, signal) {
      const id = request.messageID;
      const op = request.protocolOp;
      const done = (type: string, extra: Record<string, unknown> = {}): void =>
        respond({
          messageID: id,
          protocolOp: { type, resultCode: 0, matchedDN: '', diagnosticMessage: '', ...extra },
        } as LdapMessage);
      const entry = (n: number): LdapMessage => ({
        messageID: id,
        protocolOp: {
          type: 'SearchResultEntry',
          objectName: `cn=e${n},dc=example,dc=com`,
          attributes: [{ type: 'cn', vals: [enc.encode(`e${n}`)] }],
        },
      });
      switch (op.type) {
        case 'BindRequest':
          if (op.authentication.type === 'sasl' && op.authentication.mechanism === 'EXTERNAL') {
            if (session.externalIdentity === undefined) {
              return respond({
                messageID: id,
                protocolOp: {
                  type: 'BindResponse',
                  resultCode: 48,
                  matchedDN: '',
                  diagnosticMessage: 'no identity',
                },
              });
            }
            session.bindDN = session.externalIdentity;
          } else session.bindDN = op.name;
          return done('BindResponse');
        case 'SearchRequest': {
          if (op.baseObject === 'cn=throw') throw new Error('stub handler bug');
          if (op.baseObject === 'cn=big') {
            // 200 entries of 64 KiB: more than a client that does not read can absorb.
            const value = new Uint8Array(64 * 1024).fill(0x61);
            for (let n = 0; n < 200; n++) {
              respond({
                messageID: id,
                protocolOp: {
                  type: 'SearchResultEntry',
                  objectName: `cn=big${n}`,
                  attributes: [{ type: 'cn', vals: [value] }],
                },
              });
            }
            return done('SearchResultDone');
          }
          if (op.baseObject === 'cn=gate') {
            arrived();
            await gate;
            return done('SearchResultDone');
          }
          if (op.baseObject === 'cn=stream') {
            for (let n = 0; ; n++) {
              if (signal?.aborted) {
                stub.aborted++;
                return;
              }
              respond(entry(n));
              await new Promise((r) => setTimeout(r, 1));
            }
          }
          for (let n = 0; n < (op.sizeLimit || 3); n++) respond(entry(n));
          return done('SearchResultDone');
        }
        case 'ModifyRequest':
          return done('ModifyResponse');
        case 'AddRequest':
          return done('AddResponse');
        case 'DelRequest':
          return done('DelResponse');
        case 'ModifyDNRequest':
          return done('ModifyDNResponse');
        case 'CompareRequest':
          return respond({
            messageID: id,
            protocolOp: { type: 'CompareResponse', resultCode: 6, matchedDN: '', diagnosticMessage: '' },
          });
        case 'ExtendedRequest':
          // Who am I (RFC 4532) shows the identity, and whether the connection is under TLS.
          return done('ExtendedResponse', {
            responseValue: enc.encode(`dn:${session.bindDN}${session.tls ? ' tls' : ''}`),
          });
        default:
          return;
      }
    },
  };
  return stub;
}
