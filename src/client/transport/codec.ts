/**
 * The wire codec the transport uses: the protocol layer's message codec and framer (one
 * framer per connection: it holds the partial PDU between chunks).
 */
import { MessageFramer, encodeMessage } from '../../protocol/index.js';
import type { WireCodec } from './transport.js';

/** Largest PDU accepted from a server before the connection is declared broken. */
const MAX_PDU = 256 * 1024 * 1024;

export const wireCodec: WireCodec = {
  encode: (message) => encodeMessage(message),
  createDecoder: () => {
    const framer = new MessageFramer({ maxMessageSize: MAX_PDU });
    return { push: (chunk, deliver) => framer.feedMessages(chunk, deliver) };
  },
};
