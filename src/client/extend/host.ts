/** What the extend helpers need from a Connection (kept narrow to avoid an import cycle). */
import type { Filter } from '../../filter/index.js';
import type { Control, RequestOp, SearchRequest } from '../../protocol/index.js';
import type { Completed } from '../connection.js';
import type { SearchOptions } from '../requests.js';
import type { Server } from '../server.js';
import type { SearchResEntry } from '../types.js';

export interface ExtendHost {
  readonly server: Server;
  readonly options: {
    readonly autoReferrals: boolean;
    readonly autoRange: boolean;
    readonly user?: string;
    readonly password?: string | Uint8Array;
    readonly referralHopLimit?: number;
    readonly raiseExceptions: boolean;
  };
  /** `followUp: false` skips autoRange/autoReferrals (used by those follow-ups themselves). */
  run(
    op: RequestOp,
    controls?: readonly Control[],
    signal?: AbortSignal,
    followUp?: boolean,
  ): Promise<Completed>;
  dispatch(
    op: RequestOp,
    controls: readonly Control[] | undefined,
    signal?: AbortSignal,
    onEntry?: (entry: SearchResEntry) => void,
  ): Promise<{ messageID: number; done: Promise<Completed> }>;
  searchRequest(base: string, filter: string | Filter, options: SearchOptions): SearchRequest;
}
