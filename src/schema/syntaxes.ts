/**
 * Validators of the LDAP syntaxes (RFC 4517 section 3.3, RFC 4530 UUID), used for the
 * invalidAttributeSyntax checks on add and modify. Syntaxes ldap3ts does not know accept any
 * value, as slapd does for syntaxes without a validator.
 */
import { isUtf8 } from 'node:buffer';
import { fromUtf8Strict } from '../util/index.js';
import { parseDefinition, type DefinitionKind } from './definitions.js';
import { parseGeneralizedTime, parseInteger } from './matching-rules/value-rules.js';
import { splitPostalAddress } from './matching-rules/string-rules.js';
import { SYN, SYNTAX_OIDS } from './matching-rules/rule.js';

export type Validator = (value: Uint8Array, normalizeDn: (dn: string) => string | undefined) => boolean;

const NUMERICOID = /^(0|[1-9][0-9]*)(\.(0|[1-9][0-9]*))+$/;
const DESCR = /^[A-Za-z][A-Za-z0-9-]*$/;
const DELIVERY_METHODS = new Set([
  'any',
  'mhs',
  'physical',
  'telex',
  'teletex',
  'g3fax',
  'g4fax',
  'ia5',
  'videotex',
  'telephone',
]);

function isAscii(value: Uint8Array): boolean {
  for (let i = 0; i < value.length; i++) if ((value[i] as number) > 0x7f) return false;
  return true;
}

function ascii(value: Uint8Array): string | undefined {
  if (!isAscii(value)) return undefined;
  return latin1.decode(value);
}

const latin1 = new TextDecoder('latin1');

/** PrintableCharacter (RFC 4517 section 3.2) by byte. */
const PRINTABLE_BYTES = new Uint8Array(128);
for (const c of "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789'()+,-./:? =")
  PRINTABLE_BYTES[c.charCodeAt(0)] = 1;

// These run once per stored value: checked on the bytes, without decoding to text.
const directoryString: Validator = (v) => v.length > 0 && isUtf8(v);
const ia5: Validator = isAscii;
const printable: Validator = (v) => {
  if (v.length === 0) return false;
  for (let i = 0; i < v.length; i++) if (PRINTABLE_BYTES[v[i] as number] !== 1) return false;
  return true;
};
const dn: Validator = (v, normalizeDn) => {
  const s = fromUtf8Strict(v);
  return s !== undefined && normalizeDn(s) !== undefined;
};

// RFC 4517 sections 3.3.1 ff.: the syntaxes of the subschema subentry's attributes hold definitions
const DEFINITION_SYNTAXES: ReadonlyArray<[string, DefinitionKind]> = [
  [SYN + '3', 'attributeTypes'],
  [SYN + '16', 'dITContentRules'],
  [SYN + '17', 'dITStructureRules'],
  [SYN + '30', 'matchingRules'],
  [SYN + '31', 'matchingRuleUse'],
  [SYN + '35', 'nameForms'],
  [SYN + '37', 'objectClasses'],
  [SYN + '54', 'ldapSyntaxes'],
];

function definitionValidator(kind: DefinitionKind): Validator {
  return (v) => {
    const text = fromUtf8Strict(v);
    if (text === undefined) return false;
    try {
      parseDefinition(kind, text);
      return true;
    } catch {
      return false;
    }
  };
}

/** Validators by syntax OID. */
export const VALIDATORS: ReadonlyMap<string, Validator> = new Map<string, Validator>([
  ...DEFINITION_SYNTAXES.map(([oid, kind]): [string, Validator] => [oid, definitionValidator(kind)]),
  [SYNTAX_OIDS.bitString, (v) => /^'[01]*'B$/.test(ascii(v) ?? '')],
  [SYNTAX_OIDS.boolean, (v) => ['TRUE', 'FALSE'].includes(ascii(v) ?? '')],
  [SYNTAX_OIDS.countryString, (v) => /^[A-Za-z0-9'()+,\-./:? =]{2}$/.test(ascii(v) ?? '')],
  [SYNTAX_OIDS.dn, dn],
  [SYNTAX_OIDS.directoryString, directoryString],
  [SYNTAX_OIDS.generalizedTime, (v) => parseGeneralizedTime(ascii(v) ?? '') !== undefined],
  [SYNTAX_OIDS.ia5String, ia5],
  [SYNTAX_OIDS.integer, (v) => parseInteger(v) !== undefined],
  // Active Directory's Large Integer (Integer8): a 64-bit signed integer in decimal
  [
    '1.2.840.113556.1.4.906',
    (v) => {
      const n = parseInteger(v);
      return n !== undefined && n >= -(2n ** 63n) && n < 2n ** 63n;
    },
  ],
  [
    SYNTAX_OIDS.nameAndOptionalUid,
    (v, normalizeDn) => {
      const s = fromUtf8Strict(v);
      if (s === undefined) return false;
      const m = /^(.*)#'[01]*'B$/.exec(s);
      return normalizeDn(m ? m[1]! : s) !== undefined;
    },
  ],
  [SYNTAX_OIDS.numericString, (v) => /^[0-9 ]+$/.test(ascii(v) ?? '')],
  [
    SYNTAX_OIDS.oid,
    (v) => {
      const s = ascii(v) ?? '';
      return NUMERICOID.test(s) || DESCR.test(s);
    },
  ],
  [SYNTAX_OIDS.octetString, () => true],
  // RFC 4517 section 3.3.28 wants non-empty lines; slapd accepts `a$$b`, `$` and the empty
  // value (measured), and so must a loader of its LDIF exports: valid UTF-8 is enough
  // and a backslash only in the escapes \24 and \5C (section 3.3.28, as slapd checks)
  [
    SYNTAX_OIDS.postalAddress,
    (v) => splitPostalAddress(v) !== undefined && !/\\(?!24|5c)/i.test(new TextDecoder().decode(v)),
  ],
  // RFC 4517 section 3.3.5: pdm *( WSP DOLLAR WSP pdm ), keywords in any case (ABNF), no
  // space before the first or after the last
  [
    SYN + '14',
    (v) => {
      const s = ascii(v);
      if (s === undefined || s !== s.trim()) return false;
      return s.split('$').every((p) => DELIVERY_METHODS.has(p.trim().toLowerCase()));
    },
  ],
  // RFC 4517 section 3.3.11: telephone-number *( DOLLAR fax-parameter ); slapd wants every
  // part a non-empty PrintableString, whatever the parameter's name (measured)
  [
    SYN + '22',
    (v) => (ascii(v) ?? '').split('$').every((p) => printable(new TextEncoder().encode(p), () => undefined)),
  ],
  [SYNTAX_OIDS.printableString, printable],
  [SYNTAX_OIDS.telephoneNumber, printable],
  [SYNTAX_OIDS.uuid, (v) => /^[0-9a-fA-F]{8}(-[0-9a-fA-F]{4}){3}-[0-9a-fA-F]{12}$/.test(ascii(v) ?? '')],
  // RFC 4517 section 3.3.33 (actual-number $ country-code $ answerback): slapd checks only
  // that the value is PrintableString characters and dollars, with no empty part (measured)
  [
    SYN + '52',
    (v) =>
      v.length > 0 &&
      v.every((b) => b === 0x24 || PRINTABLE_BYTES[b] === 1) &&
      (ascii(v) ?? '').split('$').every((p) => p.length > 0),
  ],
  // RFC 2307 (nis.schema) syntaxes slapd checks: `(host,user,domain)` and `key=server:path`
  ['1.3.6.1.1.1.0.0', (v) => /^\([^,()]*,[^,()]*,[^,()]*\)$/.test(ascii(v) ?? '')],
  [
    '1.3.6.1.1.1.0.1',
    (v) => {
      // key and server in attribute-name characters, the path PrintableString (as slapd checks)
      const m = /^[A-Za-z0-9;-]+=[A-Za-z0-9;-]*:(.*)$/.exec(ascii(v) ?? '');
      return m !== null && [...(m[1] as string)].every((c) => PRINTABLE_BYTES[c.charCodeAt(0)] === 1);
    },
  ],
  // JPEG (RFC 4517 section 3.3.17) is not checked, as slapd does not: test data often holds
  // placeholder bytes
  [SYN + '28', () => true],
  [SYN + '5', () => true],
]);

/** Names of the syntaxes ldap3ts knows, used when a server's schema does not list them (Samba). */
export const SYNTAX_DESCRIPTIONS: ReadonlyMap<string, string> = new Map([
  [SYN + '3', 'Attribute Type Description'],
  [SYN + '16', 'DIT Content Rule Description'],
  [SYN + '17', 'DIT Structure Rule Description'],
  [SYN + '30', 'Matching Rule Description'],
  [SYN + '31', 'Matching Rule Use Description'],
  [SYN + '35', 'Name Form Description'],
  [SYN + '37', 'Object Class Description'],
  [SYN + '54', 'LDAP Syntax Description'],
  [SYN + '4', 'Audio'],
  [SYN + '5', 'Binary'],
  [SYN + '6', 'Bit String'],
  [SYN + '7', 'Boolean'],
  [SYN + '8', 'Certificate'],
  [SYN + '9', 'Certificate List'],
  [SYN + '10', 'Certificate Pair'],
  [SYN + '11', 'Country String'],
  [SYN + '12', 'Distinguished Name'],
  [SYN + '14', 'Delivery Method'],
  [SYN + '15', 'Directory String'],
  [SYN + '22', 'Facsimile Telephone Number'],
  [SYN + '24', 'Generalized Time'],
  [SYN + '26', 'IA5 String'],
  [SYN + '27', 'Integer'],
  [SYN + '28', 'JPEG'],
  [SYN + '34', 'Name And Optional UID'],
  [SYN + '36', 'Numeric String'],
  [SYN + '38', 'OID'],
  [SYN + '40', 'Octet String'],
  [SYN + '41', 'Postal Address'],
  [SYN + '44', 'Printable String'],
  [SYN + '50', 'Telephone Number'],
  [SYN + '53', 'UTC Time'],
  [SYN + '58', 'Substring Assertion'],
  ['1.3.6.1.1.16.1', 'UUID'],
  ['1.2.840.113556.1.4.906', 'Large Integer'],
]);

/** Syntaxes whose values are bytes, not text (RFC 4517 and `X-NOT-HUMAN-READABLE`). */
export const BINARY_SYNTAXES: ReadonlySet<string> = new Set([
  SYN + '4',
  SYN + '5',
  SYN + '8',
  SYN + '9',
  SYN + '10',
  SYN + '28',
  SYN + '40',
  SYN + '49',
  // Active Directory's Object(Replica-Link), NT-Sec-Desc, SID
  '1.2.840.113556.1.4.903',
  '1.2.840.113556.1.4.906',
  '1.2.840.113556.1.4.907',
]);
