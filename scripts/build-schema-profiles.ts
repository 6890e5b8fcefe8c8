/**
 * Turn the captured root DSE and subschema subentry of real servers (fixtures/schema/*.ldif,
 * copied from the shared captures) into the profile modules ldap3ts loads at run time
 * (fixtures/profiles/*.json). Run: `npx tsx scripts/build-schema-profiles.ts [captureDir]`.
 * With a capture directory, the LDIF files are first copied from it into fixtures/schema/.
 */
import { copyFileSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const schemaDir = join(root, 'fixtures', 'schema');
const profileDir = join(root, 'fixtures', 'profiles');

const DEFINITION_ATTRS = [
  'ldapSyntaxes',
  'matchingRules',
  'attributeTypes',
  'objectClasses',
  'matchingRuleUse',
  'dITContentRules',
  'nameForms',
  'dITStructureRules',
];

interface Capture {
  comment: string;
  dn: string;
  attrs: Array<[string, string[]]>;
}

/** A minimal LDIF content reader: comments, unfolding, `::` base64. Enough for ldapsearch output. */
function readLdif(path: string): Capture {
  const lines = readFileSync(path, 'utf8').split(/\r?\n/);
  const unfolded: string[] = [];
  const comments: string[] = [];
  for (const line of lines) {
    if (line.startsWith('#')) comments.push(line.slice(1).trim());
    else if (line.startsWith(' ') && unfolded.length > 0) unfolded[unfolded.length - 1] += line.slice(1);
    else if (line.length > 0) unfolded.push(line);
  }
  let dn = '';
  const attrs: Array<[string, string[]]> = [];
  for (const line of unfolded) {
    const m = /^([A-Za-z0-9;.-]+)(::?)\s?(.*)$/.exec(line);
    if (!m) throw new Error(`${path}: cannot read line ${JSON.stringify(line.slice(0, 60))}`);
    const value = m[2] === '::' ? Buffer.from(m[3]!, 'base64').toString('utf8') : m[3]!;
    if (m[1]!.toLowerCase() === 'dn') {
      dn = value;
      continue;
    }
    const found = attrs.find(([n]) => n === m[1]);
    if (found) found[1].push(value);
    else attrs.push([m[1]!, [value]]);
  }
  return { comment: comments[0] ?? '', dn, attrs };
}

const PROFILES = [
  {
    name: 'openldap',
    capture: 'slapd',
    options: {
      // slapd refuses values of the syntaxes it does not declare (Guide, Teletex Terminal
      // Identifier, G3 Fax, ...)
      declaredSyntaxesOnly: true,
      // slapd's classes name these, but its subschema does not list them (RFC 4512 section
      // 4.2, RFC 3672 section 2.1)
      hidden: {
        attributeTypes: [
          "( 2.5.21.1 NAME 'dITStructureRules' EQUALITY integerFirstComponentMatch SYNTAX 1.3.6.1.4.1.1466.115.121.1.17 USAGE directoryOperation )",
          "( 2.5.21.2 NAME 'dITContentRules' EQUALITY objectIdentifierFirstComponentMatch SYNTAX 1.3.6.1.4.1.1466.115.121.1.16 USAGE directoryOperation )",
          "( 2.5.21.7 NAME 'nameForms' EQUALITY objectIdentifierFirstComponentMatch SYNTAX 1.3.6.1.4.1.1466.115.121.1.35 USAGE directoryOperation )",
          "( 2.5.18.6 NAME 'subtreeSpecification' SYNTAX 1.3.6.1.4.1.1466.115.121.1.45 SINGLE-VALUE USAGE directoryOperation )",
        ],
      },
    },
  },
  {
    name: 'ad',
    capture: 'samba',
    options: { lenient: true, rulesFromSyntax: true, inheritContentRules: true },
  },
  {
    name: '389ds',
    capture: 'ds389',
    // measured against 389 DS 2.3 on the same data as slapd (see REFERENCE.md): no Unicode
    // normalisation, no supertypes in filters, ordering without an ORDERING rule by string
    options: {
      lenient: true,
      unicodeNormalization: false,
      orderingFromEquality: true,
      filterSupertypes: false,
    },
    quirks: { notOfUndefinedIsTrue: true, emptyAndOrRejected: true },
  },
];

const from = process.argv[2];
for (const p of PROFILES) {
  for (const part of ['subschema', 'rootdse']) {
    if (from)
      copyFileSync(join(from, `${p.capture}-${part}.ldif`), join(schemaDir, `${p.capture}-${part}.ldif`));
  }
  const sub = readLdif(join(schemaDir, `${p.capture}-subschema.ldif`));
  const dse = readLdif(join(schemaDir, `${p.capture}-rootdse.ldif`));
  const definitions: Record<string, string[]> = {};
  const subschemaEntry: Array<[string, string[]]> = [];
  for (const [name, values] of sub.attrs) {
    if (DEFINITION_ATTRS.includes(name)) definitions[name] = values;
    else subschemaEntry.push([name, values]);
  }
  const profile = {
    name: p.name,
    quirks: { notOfUndefinedIsTrue: false, emptyAndOrRejected: false, ...('quirks' in p ? p.quirks : {}) },
    source: sub.comment.replace(/:\s+(subschema|root DSE).*$/, ''),
    options: p.options,
    subschemaDn: sub.dn,
    subschemaEntry,
    rootDse: dse.attrs,
    definitions,
  };
  writeFileSync(join(profileDir, `${p.name}.json`), JSON.stringify(profile, null, 1) + '\n');
  const counts = Object.entries(definitions).map(([k, v]) => `${k} ${v.length}`);
  console.log(`${p.name}: ${counts.join(', ')}; root DSE ${dse.attrs.length} attributes`);
}
