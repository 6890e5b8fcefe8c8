/**
 * Attribute values as users see them: formatted by the schema's syntax when the schema is
 * known (RFC 4517), by a user formatter when given; raw bytes stay available beside them.
 */
import type { Schema } from '../schema/index.js';
import { formatValue } from '../schema/index.js';
import { decodeUtf8 } from '../ber/index.js';

export type ValueFormatter = (raw: Uint8Array) => unknown;

export class AttributeFormatter {
  readonly #schema: Schema | null;
  readonly #custom: ReadonlyMap<string, ValueFormatter>;

  constructor(schema: Schema | null, custom: ReadonlyMap<string, ValueFormatter> = new Map()) {
    this.#schema = schema;
    this.#custom = custom;
  }

  /** Formatted values of one attribute: a single value when the schema says SINGLE-VALUE. */
  format(description: string, values: readonly Uint8Array[]): unknown {
    const name = (description.split(';')[0] ?? description).toLowerCase();
    const custom = this.#custom.get(name) ?? this.#customBySyntax(name);
    const schema = this.#schema;
    const type = schema?.resolveDescription(description).type;
    const one = (v: Uint8Array): unknown => {
      if (custom) return custom(v);
      if (schema) return formatValue(schema, type ?? description, v);
      return decodeUtf8(v, 0, v.length) ?? v;
    };
    if (type?.singleValue && values.length === 1 && !description.includes(';range='))
      return one(values[0] as Uint8Array);
    return values.map(one);
  }

  #customBySyntax(name: string): ValueFormatter | undefined {
    if (this.#custom.size === 0 || !this.#schema) return undefined;
    const syntax = this.#schema.attributeType(name)?.syntax;
    return syntax ? this.#custom.get(syntax) : undefined;
  }
}
