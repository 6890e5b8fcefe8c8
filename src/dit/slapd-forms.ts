/**
 * How slapd writes what clients send it (openldap profile), measured on slapd 2.5: DN-valued
 * attributes and object classes in their pretty form, the identity of a root bind, and which
 * attribute options it accepts at all.
 */
import { parseDn, prettyDn } from '../dn/index.js';
import { DnSyntaxError } from '../errors.js';
import { fromUtf8, utf8 } from '../util/index.js';
import type { ProfileName } from './engine.js';
import { fail, RC } from './result.js';
import type { Description, SchemaView } from './schema-view.js';
import type { Attribute } from './store.js';

const DN_SYNTAX = '1.3.6.1.4.1.1466.115.121.1.12';
const NAME_AND_UID_SYNTAX = '1.3.6.1.4.1.1466.115.121.1.34';
/** Syntaxes whose values need `;binary` transfer (RFC 4522 section 2; certificate syntaxes of RFC 4523). */
const BINARY_TRANSFER = new Set([
  '1.3.6.1.4.1.1466.115.121.1.8', // certificate
  '1.3.6.1.4.1.1466.115.121.1.9', // certificateList
  '1.3.6.1.4.1.1466.115.121.1.10', // certificatePair
  '1.3.6.1.4.1.1466.115.121.1.49', // supportedAlgorithm
]);

/**
 * DN-valued attributes are stored as slapd stores them (its dnPretty): schema names for the
 * types, AVAs sorted, slapd's escaping, `;` read as `,`, insignificant spaces gone
 * (`CN=Smith\\, John, dc=x` becomes `cn=Smith\\2C John,dc=x`), and object classes by their
 * schema name (`LOCALITY` is stored as `locality`). Values that do not parse are left for the
 * syntax check.
 */
export function prettyValues(view: SchemaView, attr: Attribute): Attribute {
  if (view.dnStyle !== 'openldap') return attr;
  const syntax = attr.desc.info.syntax;
  if (attr.desc.info.key === 'objectclass' && view.checking) {
    let changed = false;
    const values = attr.values.map((v) => {
      const text = fromUtf8(v);
      // a value with spaces is no OID (RFC 4512 section 1.4): left for the syntax check to refuse
      const c = view.objectClass(text);
      if (!c || c.name === text) return v;
      changed = true;
      return utf8(c.name);
    });
    return changed ? { ...attr, values } : attr;
  }
  if (syntax !== DN_SYNTAX && syntax !== NAME_AND_UID_SYNTAX) return attr;
  let changed = false;
  const values = attr.values.map((v) => {
    const text = fromUtf8(v);
    const m = syntax === NAME_AND_UID_SYNTAX ? /^(.*)(#'[01]*'B) *$/.exec(text) : null;
    let pretty: string;
    try {
      // read as slapd reads request DNs (options dropped)
      const dn = parseDn(m ? (m[1] as string) : text, { typeOptions: 'drop' });
      pretty = prettyDn(dn, (t) => view.type(t)?.name) + (m ? m[2] : '');
    } catch (e) {
      if (!(e instanceof DnSyntaxError)) throw e;
      return v;
    }
    if (pretty === text) return v;
    changed = true;
    return utf8(pretty);
  });
  return changed ? { ...attr, values } : attr;
}

/** A DN as slapd's dnPretty writes it (openldap profile; others keep it as given). */
export function prettyDnOf(view: SchemaView, dn: string): string {
  if (view.dnStyle !== 'openldap') return dn;
  try {
    return prettyDn(parseDn(dn, { typeOptions: 'drop' }), (t) => view.type(t)?.name);
  } catch {
    return dn;
  }
}

/**
 * Attribute options slapd knows (openldap profile): language tags (RFC 3866) on any type, and
 * `binary` on the types that are transferred in binary (RFC 4522: certificates and the like).
 * Anything else is undefinedAttributeType with slapd's wording (compare gives no text).
 */
export function checkOptions(profile: ProfileName, d: Description, written: string, withText = true): void {
  if (profile !== 'openldap' || d.options.length === 0) return;
  for (const o of d.options) {
    if (o.startsWith('lang-')) continue;
    if (o === 'binary') {
      if (d.info.syntax !== undefined && BINARY_TRANSFER.has(d.info.syntax)) continue;
      fail(RC.undefinedAttributeType, withText ? `${written}: option "binary" not supported with type` : '');
    }
    fail(RC.undefinedAttributeType, withText ? `${written}: unrecognized option` : '');
  }
}
