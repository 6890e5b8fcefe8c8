/**
 * Server information (ldap3's `DsaInfo`): what the root DSE (RFC 4512 section 5.1) says about
 * the server, read after bind or taken from an offline profile captured from a real server.
 */
import type { ProfileName, Schema } from '../schema/index.js';
import { getProfile } from '../schema/index.js';
import type { OfflineProfile } from './constants.js';

/** Root DSE attributes ldap3 names, in their camelCase form, lowercased for lookup. */
const KNOWN = new Map<string, string>([
  ['altserver', 'altServer'],
  ['namingcontexts', 'namingContexts'],
  ['supportedcontrol', 'supportedControls'],
  ['supportedextension', 'supportedExtensions'],
  ['supportedfeatures', 'supportedFeatures'],
  ['supportedldapversion', 'supportedLdapVersions'],
  ['supportedsaslmechanisms', 'supportedSaslMechanisms'],
  ['vendorname', 'vendorName'],
  ['vendorversion', 'vendorVersion'],
  ['subschemasubentry', 'schemaEntry'],
]);

export class DsaInfo {
  readonly altServer: readonly string[];
  readonly namingContexts: readonly string[];
  readonly supportedControls: readonly string[];
  readonly supportedExtensions: readonly string[];
  readonly supportedFeatures: readonly string[];
  readonly supportedLdapVersions: readonly string[];
  readonly supportedSaslMechanisms: readonly string[];
  readonly vendorName: readonly string[];
  readonly vendorVersion: readonly string[];
  readonly schemaEntry: string | undefined;
  /** Every root DSE attribute as returned, by its name as written. */
  readonly raw: ReadonlyMap<string, readonly string[]>;

  constructor(attributes: ReadonlyMap<string, readonly string[]>) {
    this.raw = attributes;
    const byKnown = new Map<string, readonly string[]>();
    for (const [name, values] of attributes) {
      const known = KNOWN.get(name.toLowerCase());
      if (known) byKnown.set(known, values);
    }
    const list = (k: string): readonly string[] => byKnown.get(k) ?? [];
    this.altServer = list('altServer');
    this.namingContexts = list('namingContexts');
    this.supportedControls = list('supportedControls');
    this.supportedExtensions = list('supportedExtensions');
    this.supportedFeatures = list('supportedFeatures');
    this.supportedLdapVersions = list('supportedLdapVersions');
    this.supportedSaslMechanisms = list('supportedSaslMechanisms');
    this.vendorName = list('vendorName');
    this.vendorVersion = list('vendorVersion');
    this.schemaEntry = list('schemaEntry')[0];
  }

  /** Value(s) of any root DSE attribute, case-insensitively. */
  get(name: string): readonly string[] | undefined {
    const wanted = name.toLowerCase();
    for (const [k, v] of this.raw) if (k.toLowerCase() === wanted) return v;
    return undefined;
  }

  toJSON(): { type: 'DsaInfo'; raw: Record<string, readonly string[]> } {
    const raw: Record<string, readonly string[]> = Object.create(null) as Record<string, readonly string[]>;
    for (const [k, v] of this.raw) raw[k] = v;
    return { type: 'DsaInfo', raw };
  }

  static fromJSON(json: { raw: Record<string, readonly string[]> }): DsaInfo {
    return new DsaInfo(new Map(Object.entries(json.raw)));
  }

  toString(): string {
    const lines = [`DSA info (from ${this.vendorName[0] ?? 'unknown vendor'})`];
    for (const [k, v] of this.raw) lines.push(`  ${k}: ${v.join(', ')}`);
    return lines.join('\n');
  }
}

/** The root DSE and schema of an offline profile (captured from the real server). */
const PROFILES: Readonly<Record<OfflineProfile, ProfileName>> = {
  OFFLINE_SLAPD_2_5: 'openldap',
  OFFLINE_AD_SAMBA_4: 'ad',
  OFFLINE_DS389_2: '389ds',
};

export function profileNameOf(profile: OfflineProfile): ProfileName {
  return PROFILES[profile];
}

export function offlineDefinition(profile: OfflineProfile): { info: DsaInfo; schema: Schema } {
  const p = getProfile(PROFILES[profile]);
  return { info: new DsaInfo(p.rootDse), schema: p.schema };
}
