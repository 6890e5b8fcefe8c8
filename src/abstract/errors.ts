/**
 * Errors of the abstraction layer (ldap3's LDAPCursorError, LDAPObjectError, LDAPKeyError and
 * LDAPCursorAttributeError), each an `LdapError` with a stable `code`.
 */
import { LdapError } from '../errors.js';

/** A Reader/Writer or entry operation that is not allowed (wrong status, missing attributes...). */
export class LdapCursorError extends LdapError {
  constructor(message: string, code = 'LDAP_CURSOR') {
    super(code, message);
  }
}

/** An ObjectDef that cannot be built or changed (unknown object class, duplicate key...). */
export class LdapObjectDefError extends LdapError {
  constructor(message: string) {
    super('LDAP_OBJECT_DEF', message);
  }
}

/** An attribute name, key or alias that the entry or the definition does not know. */
export class LdapAttributeError extends LdapError {
  constructor(message: string) {
    super('LDAP_ATTRIBUTE', message);
  }
}

/** Dereferencing a DN-valued attribute failed (an entry referencing itself). */
export class LdapDereferenceError extends LdapError {
  constructor(message: string) {
    super('LDAP_DEREFERENCE', message);
  }
}
