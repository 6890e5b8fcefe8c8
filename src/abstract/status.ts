/**
 * ldap3's entry status machine. The strings are ldap3's, so code and logs ported from Python
 * read the same. (ldap3 calls the first one 'Initialized'; the issue names it "Initial".)
 */
export const STATUS_INIT = 'Initialized';
export const STATUS_VIRTUAL = 'Virtual';
export const STATUS_MANDATORY_MISSING = 'Missing mandatory attributes';
export const STATUS_READ = 'Read';
export const STATUS_WRITABLE = 'Writable';
export const STATUS_PENDING_CHANGES = 'Pending changes';
export const STATUS_COMMITTED = 'Committed';
export const STATUS_READY_FOR_DELETION = 'Ready for deletion';
export const STATUS_READY_FOR_MOVING = 'Ready for moving';
export const STATUS_READY_FOR_RENAMING = 'Ready for renaming';
export const STATUS_DELETED = 'Deleted';

export const STATUSES = [
  STATUS_INIT,
  STATUS_VIRTUAL,
  STATUS_MANDATORY_MISSING,
  STATUS_READ,
  STATUS_WRITABLE,
  STATUS_PENDING_CHANGES,
  STATUS_COMMITTED,
  STATUS_READY_FOR_DELETION,
  STATUS_READY_FOR_MOVING,
  STATUS_READY_FOR_RENAMING,
  STATUS_DELETED,
] as const;
export type EntryStatus = (typeof STATUSES)[number];

/** Statuses an entry starts from; discarding changes returns the entry to its initial status. */
export const INITIAL_STATUSES: readonly EntryStatus[] = [STATUS_READ, STATUS_WRITABLE, STATUS_VIRTUAL];

/**
 * Statuses in which attribute values cannot be changed: a delete, move or rename is pending.
 * (A Deleted entry is not locked: like ldap3, setting its attributes builds it again, and the
 * next commit adds it.)
 */
export const LOCKED_STATUSES: readonly EntryStatus[] = [
  STATUS_READY_FOR_DELETION,
  STATUS_READY_FOR_MOVING,
  STATUS_READY_FOR_RENAMING,
];

/** Where `entryDelete`, `entryMove` and `entryRename` may be called from (ldap3 rules). */
export const DELETE_FROM: readonly EntryStatus[] = [
  STATUS_WRITABLE,
  STATUS_COMMITTED,
  STATUS_READY_FOR_DELETION,
];
export const MOVE_FROM: readonly EntryStatus[] = [STATUS_WRITABLE, STATUS_COMMITTED, STATUS_READY_FOR_MOVING];
export const RENAME_FROM: readonly EntryStatus[] = [
  STATUS_WRITABLE,
  STATUS_COMMITTED,
  STATUS_READY_FOR_RENAMING,
];
