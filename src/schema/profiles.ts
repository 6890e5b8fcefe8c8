/**
 * Server profiles: the root DSE and schema of a real server, built from captures of slapd 2.5,
 * Samba 4.17 (Active Directory) and 389 DS 2.3 (fixtures/schema/*.ldif, converted by
 * scripts/build-schema-profiles.ts into fixtures/profiles/*.json and read here at run time),
 * plus `none`, a schemaless profile.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { LdapOptionError } from '../errors.js';
import { Schema, type SchemaDefinitions, type SchemaOptions } from './schema.js';

export type ProfileName = 'openldap' | 'ad' | '389ds' | 'none';
export const PROFILE_NAMES: readonly ProfileName[] = ['openldap', 'ad', '389ds', 'none'];

/**
 * Filter behaviours of a server that are not schema matters, for the engine to honour.
 * Everything schema-related (Unicode preparation, supertypes, ordering without a rule) is
 * already in the profile's `schema.options`.
 */
export interface ProfileQuirks {
  /** `(!(unknownAttr=x))` is TRUE instead of Undefined (389 DS). */
  readonly notOfUndefinedIsTrue: boolean;
  /** `(&)` and `(|)` (RFC 4526 absolute true/false) are refused (389 DS). */
  readonly emptyAndOrRejected: boolean;
}

export interface ServerProfile {
  readonly name: ProfileName;
  /** The server the data was captured from, e.g. `OpenLDAP slapd 2.5.13+dfsg-5`. */
  readonly source: string;
  readonly schema: Schema;
  /**
   * The root DSE attributes as the server answered an anonymous `'*' '+'` search. Naming
   * contexts are the captured server's: a directory replaces them with its own.
   */
  readonly rootDse: ReadonlyMap<string, readonly string[]>;
  /** DN of the subschema subentry (`cn=Subschema` for slapd). */
  readonly subschemaDn: string;
  /** The subschema subentry's other attributes (objectClass, cn, timestamps, AD's extended info). */
  readonly subschemaEntry: ReadonlyMap<string, readonly string[]>;
  readonly quirks: ProfileQuirks;
}

const STANDARD: ProfileQuirks = { notOfUndefinedIsTrue: false, emptyAndOrRejected: false };

interface ProfileFile {
  name: string;
  source: string;
  options: SchemaOptions;
  quirks?: ProfileQuirks;
  subschemaDn: string;
  subschemaEntry: Array<[string, string[]]>;
  rootDse: Array<[string, string[]]>;
  definitions: SchemaDefinitions;
}

let profileDir: string | undefined;

/** fixtures/profiles of the package: found upwards from this module (src/ in development, dist/src/ when built). */
function findProfileDir(): string {
  if (profileDir) return profileDir;
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const candidate = join(dir, 'fixtures', 'profiles');
    if (existsSync(join(candidate, 'openldap.json'))) return (profileDir = candidate);
    const up = dirname(dir);
    if (up === dir) throw new LdapOptionError('ldap3ts: fixtures/profiles not found beside the package');
    dir = up;
  }
}

const cache = new Map<ProfileName, ServerProfile>();

/** The profile's data, parsed once per process; the returned objects are shared and read-only. */
export function getProfile(name: ProfileName = 'openldap'): ServerProfile {
  const hit = cache.get(name);
  if (hit) return hit;
  if (!PROFILE_NAMES.includes(name)) {
    throw new LdapOptionError(
      `unknown server profile ${JSON.stringify(name)}: use ${PROFILE_NAMES.join(', ')}`,
    );
  }
  let profile: ServerProfile;
  if (name === 'none') {
    profile = {
      name,
      source: 'ldap3ts schemaless',
      schema: Schema.schemaless(),
      rootDse: new Map([
        ['objectClass', ['top']],
        ['supportedLDAPVersion', ['3']],
        ['subschemaSubentry', ['cn=Subschema']],
      ]),
      subschemaDn: 'cn=Subschema',
      subschemaEntry: new Map([
        ['objectClass', ['top', 'subentry', 'subschema', 'extensibleObject']],
        ['cn', ['Subschema']],
      ]),
      quirks: STANDARD,
    };
  } else {
    const file = JSON.parse(readFileSync(join(findProfileDir(), `${name}.json`), 'utf8')) as ProfileFile;
    profile = {
      name,
      source: file.source,
      schema: Schema.fromDefinitions(file.definitions, file.options),
      rootDse: new Map(file.rootDse),
      subschemaDn: file.subschemaDn,
      subschemaEntry: new Map(file.subschemaEntry),
      quirks: file.quirks ?? STANDARD,
    };
  }
  cache.set(name, profile);
  return profile;
}
