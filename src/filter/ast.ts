/**
 * Filter AST (RFC 4511 section 4.5.1.7, string form RFC 4515). Assertion values are bytes:
 * `(cn=\00)` and `(jpegPhoto=\ff\d8)` are exact. Attribute descriptions are kept as written
 * (name or OID, with options such as `cn;lang-fr`); resolving them is the schema's job.
 */
export type Filter =
  | { readonly type: 'and'; readonly filters: readonly Filter[] }
  | { readonly type: 'or'; readonly filters: readonly Filter[] }
  | { readonly type: 'not'; readonly filter: Filter }
  | { readonly type: 'equalityMatch'; readonly attribute: string; readonly value: Uint8Array }
  | {
      readonly type: 'substrings';
      readonly attribute: string;
      readonly initial?: Uint8Array;
      readonly any: readonly Uint8Array[];
      readonly final?: Uint8Array;
    }
  | { readonly type: 'greaterOrEqual'; readonly attribute: string; readonly value: Uint8Array }
  | { readonly type: 'lessOrEqual'; readonly attribute: string; readonly value: Uint8Array }
  | { readonly type: 'present'; readonly attribute: string }
  | { readonly type: 'approxMatch'; readonly attribute: string; readonly value: Uint8Array }
  | {
      readonly type: 'extensibleMatch';
      /** matchingRule OID or name; absent means the attribute's equality rule. */
      readonly matchingRule?: string;
      /** attribute description; absent means every attribute the rule applies to. */
      readonly attribute?: string;
      readonly value: Uint8Array;
      /** `:dn:` also match the AVAs of the entry's DN (RFC 4511 section 4.5.1.7.7). */
      readonly dnAttributes: boolean;
    };

export type FilterType = Filter['type'];
