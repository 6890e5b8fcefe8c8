/**
 * How Active Directory reads a search filter before evaluating it (the `ad` profile only):
 *
 * - `(objectCategory=person)`: an objectCategory assertion that is not a DN names a class, and
 *   stands for that class's defaultObjectCategory (MS-ADTS 3.1.1.3.1.3.4.1). The defaults of
 *   user, contact and inetOrgPerson are all CN=Person, which is why `(objectCategory=user)`
 *   also finds contacts and why applications write `(&(objectCategory=person)(objectClass=user))`.
 * - `(objectSid=S-1-5-21-...)`: a SID in its string form is read as the binary SID
 *   (MS-ADTS 3.1.1.3.1.2.5).
 *
 * And how many entries it returns: at most MaxPageSize (1000 by default, MS-ADTS 3.1.1.3.4.6)
 * per search without the paged results control, then sizeLimitExceeded; and per page with it.
 * Applications that forget to page work against a small test DIT and fail in production: the
 * mock fails the same way.
 */
import type { Filter } from '../filter/index.js';
import { parseSid } from '../schema/index.js';
import { fromUtf8 } from '../util/index.js';
import type { Engine } from './engine.js';
import type { Name } from './names.js';

/** AD's default MaxPageSize LDAP policy. */
export const AD_MAX_PAGE_SIZE = 1000;

/** Classes whose defaultObjectCategory is not their own classSchema object. */
const CATEGORY: ReadonlyMap<string, string> = new Map([
  ['person', 'Person'],
  ['organizationalperson', 'Person'],
  ['user', 'Person'],
  ['inetorgperson', 'Person'],
  ['contact', 'Person'],
]);

/**
 * The common name of a class's defaultObjectCategory: the table above, else the classSchema
 * object's cn, which AD derives from the lDAPDisplayName (organizationalUnit: Organizational-Unit).
 */
export function categoryName(ldapDisplayName: string): string {
  const hit = CATEGORY.get(ldapDisplayName.toLowerCase());
  if (hit) return hit;
  return ldapDisplayName
    .split(/(?<=[a-z])(?=[A-Z])/)
    .map((w) => w.charAt(0).toUpperCase() + w.slice(1))
    .join('-');
}

/** The domain part of a name: its trailing dc= RDNs (else its last RDN). */
export function domainOf(name: Name): string {
  const dcs: string[] = [];
  for (let i = name.rdns.length - 1; i >= 0; i--) {
    const rdn = name.rdns[i] as NonNullable<(typeof name.rdns)[number]>;
    const ava = rdn[0];
    if (rdn.length === 1 && ava && ava.type.toLowerCase() === 'dc') dcs.unshift(`DC=${ava.value}`);
    else break;
  }
  return dcs.length ? dcs.join(',') : name.dn.slice(name.dn.lastIndexOf(',') + 1);
}

/** The DN stored in objectCategory for a class, in the schema container of `domain`. */
export function categoryDn(ldapDisplayName: string, domain: string): string {
  return `CN=${categoryName(ldapDisplayName)},CN=Schema,CN=Configuration,${domain}`;
}

/** The filter as AD evaluates it for a search below `base`. Unchanged parts are shared. */
export function adFilter(engine: Engine, filter: Filter, base: Name): Filter {
  const view = engine.view;
  const rewrite = (f: Filter): Filter => {
    switch (f.type) {
      case 'and':
      case 'or': {
        const filters = f.filters.map(rewrite);
        return filters.every((x, i) => x === f.filters[i]) ? f : { type: f.type, filters };
      }
      case 'not': {
        const inner = rewrite(f.filter);
        return inner === f.filter ? f : { type: 'not', filter: inner };
      }
      case 'equalityMatch': {
        const key = view.type(f.attribute)?.key;
        if (key === 'objectcategory') {
          const text = fromUtf8(f.value);
          const cls = text.includes('=') ? undefined : view.objectClass(text.trim());
          if (cls) return { ...f, value: new TextEncoder().encode(categoryDn(cls.name, domainOf(base))) };
        } else if (key === 'objectsid') {
          const sid = parseSid(fromUtf8(f.value).trim());
          if (sid) return { ...f, value: sid };
        }
        return f;
      }
      default:
        return f;
    }
  };
  return rewrite(filter);
}
