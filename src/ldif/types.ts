/**
 * LDIF records (RFC 2849) as immutable data with a `type` discriminant. Attribute values are
 * bytes, exactly as the file encodes them (`::` base64 decoded, plain values UTF-8 encoded), so
 * binary values survive a parse and format round trip. Attributes are ordered arrays, never
 * objects keyed by attribute names from the file.
 */

/** One attribute description (`cn`, `cn;lang-fr`, `2.5.4.3`) with its values in file order. */
export interface LdifAttribute {
  readonly type: string;
  readonly values: readonly Uint8Array[];
}

/** A `control:` line of a change record (RFC 2849 section 3, "control"). */
export interface LdifControl {
  readonly oid: string;
  readonly critical: boolean;
  readonly value?: Uint8Array;
}

/** Where a record started in its source, for error messages of the loaders built on the parser. */
export interface LdifLocation {
  /** 1-based line of the record's `dn:` line. */
  readonly line: number;
  /** File name when the input came from a file (or the caller named it). */
  readonly source?: string;
}

/** An entry of an ldif-content file: a DN and its attributes. */
export interface LdifContentRecord {
  readonly type: 'content';
  readonly dn: string;
  readonly attributes: readonly LdifAttribute[];
  readonly location?: LdifLocation;
}

/** `changetype: add`. */
export interface LdifAddRecord {
  readonly type: 'add';
  readonly dn: string;
  readonly controls: readonly LdifControl[];
  readonly attributes: readonly LdifAttribute[];
  readonly location?: LdifLocation;
}

/** `changetype: delete`. */
export interface LdifDeleteRecord {
  readonly type: 'delete';
  readonly dn: string;
  readonly controls: readonly LdifControl[];
  readonly location?: LdifLocation;
}

/** Operations of a `changetype: modify` record; `increment` is RFC 4525. */
export type LdifModifyOperation = 'add' | 'delete' | 'replace' | 'increment';

export interface LdifModification {
  readonly operation: LdifModifyOperation;
  /** The attribute description and the values listed under it (may be empty for delete/replace). */
  readonly attribute: LdifAttribute;
}

/** `changetype: modify`. */
export interface LdifModifyRecord {
  readonly type: 'modify';
  readonly dn: string;
  readonly controls: readonly LdifControl[];
  readonly changes: readonly LdifModification[];
  readonly location?: LdifLocation;
}

/** `changetype: modrdn` or `changetype: moddn` (synonyms in RFC 2849). */
export interface LdifModDnRecord {
  readonly type: 'moddn';
  readonly dn: string;
  readonly controls: readonly LdifControl[];
  readonly newRdn: string;
  readonly deleteOldRdn: boolean;
  readonly newSuperior?: string;
  /** The keyword the file used; the writer emits `modrdn` unless told otherwise. */
  readonly changeType?: 'modrdn' | 'moddn';
  readonly location?: LdifLocation;
}

export type LdifChangeRecord = LdifAddRecord | LdifDeleteRecord | LdifModifyRecord | LdifModDnRecord;
export type LdifRecord = LdifContentRecord | LdifChangeRecord;

/** Options shared by `parseLdif`, `readLdif` and `readLdifFile`. */
export interface LdifParseOptions {
  /** File name used in errors and as the base of relative `file:` URLs. */
  source?: string;
  /**
   * Allow `attr:< file:///...` values (RFC 2849 "value-spec" with a URL). Off by default: an
   * LDIF file from elsewhere must not read local files. Only `file:` URLs are supported; a
   * relative one resolves against `baseDir`.
   * @defaultValue false
   */
  allowUrls?: boolean;
  /**
   * Directory that relative `file:` URLs resolve against.
   * @defaultValue the directory of `source`, else the current directory
   */
  baseDir?: string;
  /**
   * Attach `location` (line, source) to each record.
   * @defaultValue true
   */
  locations?: boolean;
  /**
   * With `false`, plain attribute values of content and add records come back empty: a quick
   * scan of DNs and record kinds (every line is still checked, base64 and URL values are still
   * decoded and read, so the same errors surface).
   * @defaultValue true
   */
  values?: boolean;
}

/** Options of `formatLdif`. */
export interface LdifFormatOptions {
  /**
   * Emit a `version: 1` line first.
   * @defaultValue false
   */
  version?: boolean;
  /**
   * Fold lines longer than this many characters (RFC 2849 note 2); `0` or `false` never folds.
   * @defaultValue 76
   */
  foldWidth?: number | false;
  /**
   * Sort attributes (objectClass first, then by name) and records (parents before children,
   * then by DN) for stable, diffable output.
   * @defaultValue false
   */
  sort?: boolean;
  /**
   * Line separator.
   * @defaultValue '\n'
   */
  lineSeparator?: '\n' | '\r\n';
}
