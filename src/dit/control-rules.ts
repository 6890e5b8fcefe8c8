/**
 * Which request controls each operation understands and what their values must look like,
 * checked before the operation starts, in request order, as slapd's frontend does (measured on
 * slapd 2.5 with every control below, absent, empty and malformed values, critical or not):
 *
 * - a control the operation does not understand is unavailableCriticalExtension when critical
 *   (RFC 4511 section 4.1.11) and ignored otherwise, value unread;
 * - a control it understands with a value of the wrong shape is protocolError whatever its
 *   criticality: ManageDsaIT (RFC 3296 section 3), don't-use-copy (RFC 6171 section 3),
 *   permissive modify, relax and subtree delete carry no value; assertion (RFC 4528 section 3),
 *   the read entry controls (RFC 4527 section 3) and proxied authorization (RFC 4370 section 3,
 *   where the empty value means anonymous) must carry one; sort, VLV and paged results values
 *   must decode, and so must the subentries control's BOOLEAN (RFC 3672 section 3).
 */
import {
  decodePagedResultsValue,
  decodeSortRequestValue,
  decodeVlvRequestValue,
  type Control,
  type RequestOp,
} from '../protocol/index.js';
import { OID } from './operations/context.js';
import { decodeSubentriesValue, SUBENTRIES_OID } from './operations/subentries.js';
import { MATCHED_VALUES_OID } from './operations/matched-values.js';
import { TXN } from './operations/transactions.js';
import { fail, RC } from './result.js';

type OpType = RequestOp['type'];
type ValueRule = 'absent' | 'present' | 'nonEmpty' | ((value: Uint8Array) => unknown);

interface ControlRule {
  readonly ops: readonly OpType[];
  readonly value: ValueRule;
}

const READS: readonly OpType[] = ['SearchRequest', 'CompareRequest'];
const UPDATES: readonly OpType[] = ['AddRequest', 'DelRequest', 'ModifyRequest', 'ModifyDNRequest'];
const ENTRY_OPS: readonly OpType[] = [...READS, ...UPDATES];

const RULES: ReadonlyMap<string, ControlRule> = new Map<string, ControlRule>([
  [OID.manageDsaIT, { ops: ENTRY_OPS, value: 'absent' }],
  [OID.proxiedAuthz, { ops: [...ENTRY_OPS, 'ExtendedRequest'], value: 'present' }],
  [OID.assertion, { ops: ENTRY_OPS, value: 'nonEmpty' }],
  [OID.dontUseCopy, { ops: READS, value: 'absent' }],
  // slapd only requires a value here; one that does not decode is taken as no attributes
  [OID.preRead, { ops: ['DelRequest', 'ModifyRequest', 'ModifyDNRequest'], value: 'nonEmpty' }],
  [OID.postRead, { ops: ['AddRequest', 'ModifyRequest', 'ModifyDNRequest'], value: 'nonEmpty' }],
  [OID.permissiveModify, { ops: ['ModifyRequest'], value: 'absent' }],
  [OID.relax, { ops: UPDATES, value: 'absent' }],
  [OID.subtreeDelete, { ops: ['DelRequest'], value: 'absent' }],
  [OID.pagedResults, { ops: ['SearchRequest'], value: decodePagedResultsValue }],
  [
    OID.serverSort,
    {
      ops: ['SearchRequest'],
      value: (v) => {
        if (decodeSortRequestValue(v).length === 0) throw new Error('no sort key');
      },
    },
  ],
  [OID.vlv, { ops: ['SearchRequest'], value: decodeVlvRequestValue }],
  [SUBENTRIES_OID, { ops: ['SearchRequest'], value: decodeSubentriesValue }],
  // matched values (RFC 3876): slapd takes any non-empty value, items it cannot read match nothing
  [MATCHED_VALUES_OID, { ops: ['SearchRequest'], value: 'nonEmpty' }],
  [TXN.spec, { ops: UPDATES, value: 'present' }],
]);

function valueOk(rule: ValueRule, value: Uint8Array | undefined): boolean {
  if (rule === 'absent') return value === undefined;
  if (rule === 'present') return value !== undefined;
  if (value === undefined || value.length === 0) return false;
  if (rule === 'nonEmpty') return true;
  try {
    rule(value);
    return true;
  } catch {
    return false;
  }
}

/** Throws the result the request's controls earn before the operation runs, if any. */
export function checkRequestControls(op: OpType, controls: readonly Control[]): void {
  for (const c of controls) {
    const rule = RULES.get(c.oid);
    if (rule === undefined || !rule.ops.includes(op)) {
      if (c.critical) fail(RC.unavailableCriticalExtension, 'critical extension is not recognized');
      continue;
    }
    if (!valueOk(rule.value, c.value)) fail(RC.protocolError, `control ${c.oid}: value malformed`);
  }
}
