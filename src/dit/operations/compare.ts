/**
 * Compare (RFC 4511 section 4.10): compareTrue/compareFalse under the attribute's equality rule;
 * undefinedAttributeType for an unknown type, noSuchAttribute when the entry lacks it,
 * inappropriateMatching without an equality rule, as slapd answers.
 */
import { checkOptions } from '../slapd-forms.js';
import type { CompareRequest } from '../../protocol/index.js';
import { fromUtf8 } from '../../util/index.js';
import { selectAttributes } from '../evaluate-filter.js';
import { fail, outcome, RC, type Outcome } from '../result.js';
import { normKey } from '../schema-view.js';
import { CLASS_VALUED, equalityKeys } from '../store.js';
import type { OpContext } from './context.js';
import type { Name } from '../names.js';
import type { Entry } from '../store.js';
import { checkReferral, referralAbove } from './referral.js';

/** `special`: the root DSE or subschema subentry a name denotes (slapd compares on them too). */
export function compare(
  ctx: OpContext,
  req: CompareRequest,
  special?: (name: Name) => Entry | undefined,
): Outcome {
  const engine = ctx.engine;
  const name = engine.name(req.entry);
  // slapd reads the assertion (type, rule, value) before it looks the entry up
  const d = engine.view.describe(req.attributeDesc);
  if (!d) fail(RC.undefinedAttributeType);
  checkOptions(engine.options.profile, d, req.attributeDesc, false); // slapd's compare says nothing more
  const rule = engine.view.equality(d.info);
  if (!rule) fail(RC.inappropriateMatching, `${d.info.name}: no equality matching rule`);
  const a = rule.normalizeAssertion
    ? rule.normalizeAssertion(req.assertionValue)
    : rule.normalize(req.assertionValue);
  // an empty value is refused where the syntax has no empty value (a Directory String: RFC 4517
  // section 3.3.6), which the rules' normalisers would take (slapd: 21, measured)
  if (
    a === undefined ||
    (req.assertionValue.length === 0 && !engine.view.validate(d.info, req.assertionValue))
  )
    fail(RC.invalidAttributeSyntax, `${d.info.name}: value not valid per syntax`);
  // a class the schema does not know is not a value objectClass can hold (slapd: 21)
  if (
    CLASS_VALUED.has(d.info.key) &&
    engine.view.checking &&
    !engine.view.objectClass(fromUtf8(req.assertionValue))
  )
    fail(RC.invalidAttributeSyntax, `${d.info.name}: value not valid per syntax`);
  // slapd refuses to compare the computed entryDN and subschemaSubentry of any name in its
  // naming contexts before it looks the entry up (measured: 53 for a missing entry or one
  // below a referral too); the root DSE and the subschema subentry have neither (below)
  const computedDn = d.info.key === 'entrydn' || d.info.key === 'subschemasubentry';
  if (computedDn && !special?.(name) && (engine.lookup(name.ndn) || engine.rootVerdict(name) !== 'refuse'))
    fail(RC.unwillingToPerform, `${d.info.name} compare not supported`);
  const found = engine.lookup(name.ndn) ?? special?.(name);
  // a missing target below a referral object is referred there (slapd)
  if (!found) referralAbove(ctx, name);
  const entry = found ?? engine.require(name);
  checkReferral(ctx, entry);
  if (computedDn) fail(RC.noSuchAttribute);
  let attrs = selectAttributes(entry, d);
  if (attrs.length === 0) {
    const v = engine.virtual(engine.state)(entry, d.info);
    if (v) attrs = [{ desc: d, name: d.info.name, values: v }];
  }
  if (attrs.length === 0) fail(RC.noSuchAttribute);
  const key = normKey(a);
  for (const attr of attrs) {
    // equalityKeys: objectClass also matches the superclasses of its values, as in filters
    if (equalityKeys(attr, engine.view).includes(key)) return outcome(RC.compareTrue);
    for (const v of attr.values) {
      const n = rule.normalize(v);
      if (n !== undefined && normKey(n) === key) return outcome(RC.compareTrue);
    }
  }
  return outcome(RC.compareFalse);
}
