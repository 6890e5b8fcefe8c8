/**
 * Abandon (RFC 4511 section 4.11).
 *
 *   AbandonRequest ::= [APPLICATION 16] MessageID   -- primitive INTEGER (0 .. maxInt)
 */
import { BerReader, BerWriter } from '../../ber/index.js';
import type { AbandonRequest } from '../messages.js';
import { ApplicationTag, MAX_INT } from '../app-tags.js';
import { readBounded } from './common.js';

export function writeAbandonRequest(w: BerWriter, op: AbandonRequest): void {
  w.writeInteger(op.messageID, ApplicationTag.AbandonRequest);
}

export function readAbandonRequest(r: BerReader): AbandonRequest {
  return {
    type: 'AbandonRequest',
    messageID: readBounded(r, 'abandon messageID', 0, MAX_INT, ApplicationTag.AbandonRequest),
  };
}
