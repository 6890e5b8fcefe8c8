/** The in-memory directory engine: `Directory` and the request handler seam. */
export type { RequestHandler, Respond, Session } from './handler.js';
export { Directory, type DirectoryOptions, type DirectorySnapshot } from './directory.js';
export { DirectoryAssertionError } from './assertions.js';
export { TRANSPORT_EXTENSIONS } from './operations/extended.js';
export type { ProfileName } from './engine.js';
export type { AttrInput, AttrValue } from './fixtures.js';
export { RC as DitResultCode } from './result.js';
