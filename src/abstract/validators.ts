/**
 * Default validators chosen from an attribute's syntax (RFC 4517 section 3.3), in the manner of
 * ldap3's find_attribute_validator: each returns true, false, or the value to send instead
 * (a Date becomes a GeneralizedTime string, a boolean the RFC 4517 TRUE/FALSE).
 */
import type { Validator } from './attr-def.js';

const SYNTAX = {
  boolean: '1.3.6.1.4.1.1466.115.121.1.7',
  dn: '1.3.6.1.4.1.1466.115.121.1.12',
  directoryString: '1.3.6.1.4.1.1466.115.121.1.15',
  generalizedTime: '1.3.6.1.4.1.1466.115.121.1.24',
  ia5String: '1.3.6.1.4.1.1466.115.121.1.26',
  integer: '1.3.6.1.4.1.1466.115.121.1.27',
  jpeg: '1.3.6.1.4.1.1466.115.121.1.28',
  numericString: '1.3.6.1.4.1.1466.115.121.1.36',
  octetString: '1.3.6.1.4.1.1466.115.121.1.40',
  printableString: '1.3.6.1.4.1.1466.115.121.1.44',
  telephoneNumber: '1.3.6.1.4.1.1466.115.121.1.50',
} as const;

/** RFC 4517 section 3.3.13: yyyymmddhh[mm[ss]][(.|,)fraction](Z|+hhmm|-hhmm). */
const GENERALIZED_TIME = /^\d{10}(\d{2}(\d{2})?)?([.,]\d+)?(Z|[+-]\d{2}(\d{2})?)$/;

function pad(n: number, width = 2): string {
  return String(n).padStart(width, '0');
}

/** A Date as an RFC 4517 GeneralizedTime in UTC. */
export function toGeneralizedTime(d: Date): string {
  const ms = d.getUTCMilliseconds();
  return (
    `${pad(d.getUTCFullYear(), 4)}${pad(d.getUTCMonth() + 1)}${pad(d.getUTCDate())}` +
    `${pad(d.getUTCHours())}${pad(d.getUTCMinutes())}${pad(d.getUTCSeconds())}` +
    (ms ? `.${pad(ms, 3)}` : '') +
    'Z'
  );
}

const validateInteger: Validator = (v) => {
  if (typeof v === 'number') return Number.isInteger(v);
  if (typeof v === 'bigint') return v.toString();
  return typeof v === 'string' && /^-?\d+$/.test(v.trim()) ? v.trim() : false;
};

const validateBoolean: Validator = (v) => {
  if (typeof v === 'boolean') return v ? 'TRUE' : 'FALSE';
  if (typeof v !== 'string') return false;
  const u = v.trim().toUpperCase();
  return u === 'TRUE' || u === 'FALSE' ? u : false;
};

const validateTime: Validator = (v) => {
  if (v instanceof Date) return Number.isNaN(v.getTime()) ? false : toGeneralizedTime(v);
  return typeof v === 'string' && GENERALIZED_TIME.test(v);
};

/** Text syntaxes: strings and numbers (sent as their decimal text); RFC 4517 forbids empty strings. */
const validateText: Validator = (v) => (typeof v === 'string' ? v.length > 0 : typeof v === 'number');

const validateNumeric: Validator = (v) =>
  typeof v === 'number' ? Number.isInteger(v) && v >= 0 : typeof v === 'string' && /^[\d ]+$/.test(v);

const validateBytes: Validator = (v) => v instanceof Uint8Array || typeof v === 'string';

const BY_SYNTAX = new Map<string, Validator>([
  [SYNTAX.boolean, validateBoolean],
  [SYNTAX.dn, validateText],
  [SYNTAX.directoryString, validateText],
  [SYNTAX.generalizedTime, validateTime],
  [SYNTAX.ia5String, validateText],
  [SYNTAX.integer, validateInteger],
  [SYNTAX.jpeg, validateBytes],
  [SYNTAX.numericString, validateNumeric],
  [SYNTAX.octetString, validateBytes],
  [SYNTAX.printableString, validateText],
  [SYNTAX.telephoneNumber, validateText],
]);

/** The validator for a syntax OID; syntaxes without one accept anything. */
export function validatorForSyntax(syntax: string | undefined): Validator | undefined {
  return syntax === undefined ? undefined : BY_SYNTAX.get(syntax.replace(/\{\d+\}$/, ''));
}

/**
 * Runs a validator over one value: returns the value to use, or throws through `fail` when the
 * validator answers false.
 */
export function applyValidator(validate: Validator | undefined, value: unknown, fail: () => never): unknown {
  if (!validate) return value;
  const verdict = validate(value);
  if (verdict === false) fail();
  // undefined (a validator without a return) counts as "valid, keep the value"
  return verdict === true || verdict === undefined ? value : verdict;
}
