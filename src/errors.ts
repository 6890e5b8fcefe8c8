/**
 * Every error ldap3ts throws. Each carries a stable string `code` (undici style) so callers
 * can branch without parsing messages. Codec errors carry a byte offset, parse errors a
 * character position, result errors the whole LDAPResult (RFC 4511 section 4.1.9).
 */

/** Base class: every error thrown by ldap3ts is an `LdapError`. */
export class LdapError extends Error {
  /** Stable machine-readable code, e.g. `'LDAP_BER'`, `'LDAP_FILTER_SYNTAX'`. */
  readonly code: string;
  constructor(code: string, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
    this.code = code;
  }
}

/** The parts of an LDAPResult an `LdapResultError` carries (ldap3's result dictionary). */
export interface LdapResultInfo {
  result: number;
  description: string;
  dn: string;
  message: string;
  referrals: string[] | null;
  type: string;
  controls?: Record<string, { description: string; criticality: boolean; value: unknown }>;
  responseName?: string;
  responseValue?: unknown;
  saslCreds?: Uint8Array;
}

/** A server answered with a result code the caller asked to treat as an error (`raiseExceptions`). */
export class LdapResultError extends LdapError {
  readonly result: LdapResultInfo;
  constructor(result: LdapResultInfo) {
    const where = result.dn ? ` (matchedDN ${result.dn})` : '';
    const msg = result.message ? `: ${result.message}` : '';
    super('LDAP_RESULT', `${result.type} returned ${result.description} (${result.result})${where}${msg}`);
    this.result = result;
  }
  /** Numeric RFC 4511 result code. */
  get resultCode(): number {
    return this.result.result;
  }
}

/**
 * Malformed or truncated BER. `incomplete` is true when the bytes seen so far are a valid
 * prefix and more input could complete them (the framer waits instead of failing).
 */
export class BerError extends LdapError {
  readonly offset: number;
  readonly incomplete: boolean;
  constructor(message: string, offset: number, incomplete = false) {
    super(incomplete ? 'LDAP_BER_INCOMPLETE' : 'LDAP_BER', `${message} at byte ${offset}`);
    this.offset = offset;
    this.incomplete = incomplete;
  }
}

/** A well-formed BER structure that is not a valid LDAP message (RFC 4511 protocolError). */
export class ProtocolError extends LdapError {
  readonly offset: number;
  constructor(message: string, offset = -1) {
    super('LDAP_PROTOCOL', offset >= 0 ? `${message} at byte ${offset}` : message);
    this.offset = offset;
  }
}

/**
 * A request whose envelope and structure decode, but one field holds a value the server does not
 * take: an enumeration or a choice RFC 4511 leaves open (`scope`, modify `operation`, the
 * AuthenticationChoice) or a constrained integer (`sizeLimit`, `version`). A server can answer it
 * with the operation's response and `resultCode` instead of a Notice of Disconnection, as slapd
 * does (measured); structural errors stay ProtocolErrors (RFC 4511 section 4.1.1).
 */
export class RequestValueError extends ProtocolError {
  readonly resultCode: number;
  constructor(message: string, offset = -1, resultCode = 2) {
    super(message, offset);
    this.resultCode = resultCode;
  }
}

/** Quote an offending input for a message, cut to a readable length (the full input stays on `input`). */
function quote(input: string): string {
  return JSON.stringify(input.length > 200 ? input.slice(0, 200) + '…' : input);
}

/** RFC 4515 filter string that does not parse. `position` is the 0-based character index. */
export class FilterSyntaxError extends LdapError {
  readonly position: number;
  readonly input: string;
  constructor(message: string, input: string, position: number) {
    super('LDAP_FILTER_SYNTAX', `${message} at position ${position} in filter ${quote(input)}`);
    this.position = position;
    this.input = input;
  }
}

/** RFC 4514 DN string that does not parse. `position` is the 0-based character index. */
export class DnSyntaxError extends LdapError {
  readonly position: number;
  readonly input: string;
  constructor(message: string, input: string, position: number) {
    super('LDAP_DN_SYNTAX', `${message} at position ${position} in DN ${quote(input)}`);
    this.position = position;
    this.input = input;
  }
}

/** RFC 4516 LDAP URL that does not parse. */
export class UrlSyntaxError extends LdapError {
  readonly position: number;
  readonly input: string;
  constructor(message: string, input: string, position: number) {
    super('LDAP_URL_SYNTAX', `${message} at position ${position} in URL ${quote(input)}`);
    this.position = position;
    this.input = input;
  }
}

/** RFC 2849 LDIF that does not parse; `line` and `column` are 1-based, `source` names the file. */
export class LdifError extends LdapError {
  readonly line: number;
  readonly column: number;
  readonly source: string | undefined;
  constructor(message: string, line: number, column: number, source?: string) {
    super('LDAP_LDIF', `${source ? source + ':' : 'line '}${line}:${column}: ${message}`);
    this.line = line;
    this.column = column;
    this.source = source;
  }
}

/** RFC 4512 schema definition that does not parse, naming the definition and position. */
export class SchemaError extends LdapError {
  constructor(message: string) {
    super('LDAP_SCHEMA', message);
  }
}

/** Invalid options or arguments given by the caller (checked before anything is sent). */
export class LdapOptionError extends LdapError {
  constructor(message: string) {
    super('LDAP_OPTION', message);
  }
}

/** The transport failed: connect refused or timed out, socket closed, Notice of Disconnection. */
export class LdapConnectionError extends LdapError {
  constructor(code: string, message: string, options?: { cause?: unknown }) {
    super(code, message, options);
  }
}

/** An operation exceeded its `receiveTimeout` / timeout; it was abandoned on the server. */
export class LdapTimeoutError extends LdapError {
  constructor(message: string) {
    super('LDAP_TIMEOUT', message);
  }
}

/** An operation was abandoned through its AbortSignal. */
export class LdapAbortError extends LdapError {
  constructor(message = 'operation aborted', options?: { cause?: unknown }) {
    super('LDAP_ABORTED', message, options);
  }
}
