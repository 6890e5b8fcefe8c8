/**
 * ldap3's simplified query language, compiled to an RFC 4515 filter string.
 *
 *   'Common Name: John*, &Department: sales; marketing, !Status: disabled'
 *
 * - components are separated by `,`; each is `key: value[; value...]` where key is an AttrDef
 *   key, attribute name or alias (case- and whitespace-insensitive);
 * - several values of one component are ORed, or ANDed when the key is prefixed with `&`
 *   (`|` makes the OR explicit);
 * - a value may start with `!` (negated) and then an operator: `=` (default), `<` or `<=`
 *   (lessOrEqual: LDAP has no strict "less than", RFC 4511 section 4.5.1.7.4), `>`/`>=`, `~`/`~=`
 *   (approxMatch); `*` in a value is a substring/presence wildcard as in RFC 4515;
 * - `!` before a key negates the whole component (an ldap3ts extension, used in API.md);
 * - `\,` `\;` `\:` put those characters inside a value; other `\XX` hex escapes pass through;
 * - the components are ANDed (or ORed with `componentsInAnd: false`), and the definition's
 *   object classes are always ANDed in.
 *
 * Components and values are sorted like ldap3 does, so equal queries give equal filters.
 * A query already written as a filter (`(...)`) is used as is, with the object classes ANDed in
 * unless it mentions objectClass itself (ldap3 rule).
 */
import { LdapCursorError } from './errors.js';
import type { ObjectDef } from './object-def.js';
import { compactKey } from './attr-def.js';
import type { AttrDef } from './attr-def.js';

export type QueryOperator = '=' | '<=' | '>=' | '~=';

export interface QueryValue {
  readonly negate: boolean;
  readonly operator: QueryOperator;
  readonly value: string;
}

export interface QueryComponent {
  /** The key as written, prefixes removed. */
  readonly key: string;
  readonly negate: boolean;
  /** How the values combine: `|` (default) or `&`. */
  readonly combine: '&' | '|';
  readonly explicitCombine: boolean;
  readonly values: readonly QueryValue[];
}

/** Splits on `sep` where it is not escaped with a backslash; unescapes `\,` `\;` `\:`. */
function splitUnescaped(text: string, sep: string): string[] {
  const out: string[] = [];
  let cur = '';
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    const next = text[i + 1];
    if (ch === '\\' && next !== undefined && ',;:'.includes(next)) {
      cur += ch + next; // keep the escape; removed by unescapeQuery once splitting is done
      i++;
    } else if (ch === sep) {
      out.push(cur);
      cur = '';
    } else {
      cur += ch;
    }
  }
  out.push(cur);
  return out;
}

function unescapeQuery(text: string): string {
  return text.replace(/\\([,;:])/g, '$1');
}

function parseValue(raw: string): QueryValue {
  let text = raw.trim();
  let negate = false;
  if (text.startsWith('!')) {
    negate = true;
    text = text.slice(1).trimStart();
  }
  let operator: QueryOperator = '=';
  const two = text.slice(0, 2);
  if (two === '<=' || two === '>=' || two === '~=') {
    operator = two;
    text = text.slice(2);
  } else if (text[0] === '<' || text[0] === '>' || text[0] === '~') {
    operator = `${text[0]}=` as QueryOperator;
    text = text.slice(1);
  } else if (text[0] === '=') {
    text = text.slice(1);
  }
  return { negate, operator, value: unescapeQuery(text.trimStart()) };
}

/** Parses the simplified query text into components (no definition needed). */
export function parseQuery(text: string): QueryComponent[] {
  const components: QueryComponent[] = [];
  for (const part of splitUnescaped(text, ',')) {
    if (part.trim() === '') continue;
    const colon = splitUnescaped(part, ':');
    if (colon.length < 2) {
      throw new LdapCursorError(
        `query component '${part.trim()}' has no 'key: value' form (escape commas inside values as \\,)`,
        'LDAP_QUERY_SYNTAX',
      );
    }
    let key = (colon[0] ?? '').trim();
    const valueText = colon.slice(1).join(':');
    let negate = false;
    let combine: '&' | '|' = '|';
    let explicitCombine = false;
    while (key.length > 0 && '!&|'.includes(key[0] ?? '')) {
      if (key[0] === '!') negate = !negate;
      else {
        combine = key[0] as '&' | '|';
        explicitCombine = true;
      }
      key = key.slice(1).trimStart();
    }
    if (key === '')
      throw new LdapCursorError(`query component '${part.trim()}' has no key`, 'LDAP_QUERY_SYNTAX');
    const values = splitUnescaped(valueText, ';')
      .filter((v) => v.trim() !== '')
      .map(parseValue);
    if (values.length === 0) {
      throw new LdapCursorError(`query component '${part.trim()}' has no value`, 'LDAP_QUERY_SYNTAX');
    }
    components.push({ key, negate, combine, explicitCombine, values });
  }
  return components;
}

/**
 * Escapes an assertion value for RFC 4515 section 3 while keeping `*` as the wildcard: `(`, `)`,
 * NUL and a backslash that does not start a `\XX` hex escape.
 */
export function escapeQueryValue(value: string): string {
  return value.replace(
    /[()\0]|\\(?![0-9a-fA-F]{2})/g,
    (c) => `\\${c.charCodeAt(0).toString(16).padStart(2, '0')}`,
  );
}

/** Code-point order, as Python's sorted() on str (ldap3 sorts keys and values). */
function byCodePoint(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** The filter that selects the definition's object classes, or '' when it names none. */
export function objectClassFilter(objectClass: readonly string[]): string {
  const items = objectClass.map((oc) => `(objectClass=${escapeQueryValue(oc)})`);
  return items.length <= 1 ? (items[0] ?? '') : `(&${items.join('')})`;
}

export interface CompiledQuery {
  /** The RFC 4515 filter to send. */
  readonly filter: string;
  /** The query as validated (ldap3's validated_query), '' for raw filters. */
  readonly validatedQuery: string;
}

function itemFilter(def: AttrDef, v: QueryValue): string {
  const item = `(${def.name}${v.operator}${escapeQueryValue(v.value)})`;
  return v.negate ? `(!${item})` : item;
}

/** Compiles a simplified query (or a raw filter) against a definition. */
export function compileQuery(
  definition: ObjectDef<object>,
  query: string,
  componentsInAnd = true,
): CompiledQuery {
  const oc = objectClassFilter(definition.objectClass);
  const text = query.trim();
  if (text.startsWith('(') && text.endsWith(')')) {
    const filter = oc && !text.toLowerCase().includes('objectclass') ? `(&${oc}${text})` : text;
    return { filter, validatedQuery: '' };
  }
  const parsed = parseQuery(text).map((c) => {
    const def = definition.find(c.key);
    if (!def) throw new LdapCursorError(`attribute '${c.key}' not in definition`, 'LDAP_QUERY_ATTRIBUTE');
    const values = c.values.map((v) => {
      let value: unknown = v.value;
      // a lone `*` is a presence test (RFC 4515 section 3): valid for every syntax
      if (def.validate && v.value !== '*') {
        const verdict = def.validate(v.value);
        if (verdict === false) {
          throw new LdapCursorError(
            `validation failed for attribute ${def.key} and value ${v.value}`,
            'LDAP_QUERY_VALIDATION',
          );
        }
        if (verdict !== true && verdict !== undefined) value = verdict;
      }
      let str = String(value);
      if (def.preQuery) str = def.preQuery(str, def.key);
      return { ...v, value: str };
    });
    const sortKey = (v: QueryValue): string => `${v.negate ? '!' : ''}${v.operator[0] ?? ''}${v.value}`;
    values.sort((a, b) => byCodePoint(sortKey(a), sortKey(b)));
    const prefix = `${c.negate ? '!' : ''}${c.explicitCombine ? c.combine : ''}`;
    // ldap3 canonicalises the key only when it matches an AttrDef key; names and aliases stay as written
    const shown = compactKey(c.key).toLowerCase() === def.key.toLowerCase() ? def.key : compactKey(c.key);
    return { ...c, def, values, sortKey: prefix + shown };
  });
  parsed.sort((a, b) => byCodePoint(a.sortKey, b.sortKey));

  const parts = parsed.map((c) => {
    const items = c.values.map((v) => itemFilter(c.def, v));
    const body = items.length === 1 ? (items[0] ?? '') : `(${c.combine}${items.join('')})`;
    return c.negate ? `(!${body})` : body;
  });
  const validatedQuery = parsed
    .map(
      (c) =>
        `${c.sortKey}: ${c.values.map((v) => `${v.negate ? '!' : ''}${v.operator === '=' ? '=' : v.operator[0]}${v.value}`).join(';')}`,
    )
    .join(', ');

  let filter: string;
  if (parts.length === 0) filter = oc || '(objectClass=*)';
  else if (componentsInAnd)
    filter = oc
      ? `(&${oc}${parts.join('')})`
      : parts.length === 1
        ? (parts[0] ?? '')
        : `(&${parts.join('')})`;
  else {
    const ored = `(|${parts.join('')})`;
    filter = oc ? `(&${oc}${ored})` : parts.length === 1 ? (parts[0] ?? '') : ored;
  }
  return { filter, validatedQuery };
}
