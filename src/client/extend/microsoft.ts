/**
 * `conn.extend.microsoft`: Active Directory helpers (MS-ADTS): DirSync, unicodePwd password
 * changes (3.1.1.3.1.5: UTF-16LE, quoted, over an encrypted connection), unlocking, group
 * membership.
 */
import { LdapResultError } from '../../errors.js';
import type { Filter } from '../../filter/index.js';
import { DIRSYNC, dirSyncControl, readDirSync } from '../controls.js';
import { buildModify } from '../requests.js';
import { NameChecker } from '../requests.js';
import type { SearchOptions } from '../requests.js';
import type { Result, SearchResEntry } from '../types.js';
import type { ExtendHost } from './host.js';

function unicodePwd(password: string): Uint8Array {
  return new Uint8Array(Buffer.from(`"${password}"`, 'utf16le'));
}

export class MicrosoftExtend {
  readonly #unchecked = new NameChecker(null);
  constructor(private readonly host: ExtendHost) {}

  async #modify(dn: string, changes: Parameters<typeof buildModify>[1]): Promise<boolean> {
    const c = await this.host.run(buildModify(dn, changes, this.#unchecked));
    if (!c.status && this.host.options.raiseExceptions) throw new LdapResultError(c.result);
    return c.status;
  }

  /** Set (admin) or change (old password given: delete old + add new, 3.1.1.3.1.5.1) unicodePwd. */
  modifyPassword(user: string, newPassword: string, oldPassword?: string): Promise<boolean> {
    if (oldPassword === undefined)
      return this.#modify(user, { unicodePwd: ['MODIFY_REPLACE', unicodePwd(newPassword)] });
    return this.#modify(user, {
      unicodePwd: [
        ['MODIFY_DELETE', unicodePwd(oldPassword)],
        ['MODIFY_ADD', unicodePwd(newPassword)],
      ],
    });
  }

  /** lockoutTime = 0 unlocks an account. */
  unlockAccount(user: string): Promise<boolean> {
    return this.#modify(user, { lockoutTime: ['MODIFY_REPLACE', '0'] });
  }

  async addMembersToGroups(
    members: string | readonly string[],
    groups: string | readonly string[],
  ): Promise<boolean> {
    const ms = typeof members === 'string' ? [members] : [...members];
    let ok = true;
    for (const g of typeof groups === 'string' ? [groups] : groups)
      ok = (await this.#modify(g, { member: ['MODIFY_ADD', ms] })) && ok;
    return ok;
  }

  async removeMembersFromGroups(
    members: string | readonly string[],
    groups: string | readonly string[],
  ): Promise<boolean> {
    const ms = typeof members === 'string' ? [members] : [...members];
    let ok = true;
    for (const g of typeof groups === 'string' ? [groups] : groups)
      ok = (await this.#modify(g, { member: ['MODIFY_DELETE', ms] })) && ok;
    return ok;
  }

  /**
   * DirSync (3.1.1.3.4.1.3): one round of changes since `cookie`. Call again with the returned
   * cookie while `moreResults`.
   */
  async dirSync(
    base: string,
    filter: string | Filter = '(objectClass=*)',
    options: SearchOptions & { cookie?: Uint8Array; flags?: number; maxBytes?: number } = {},
  ): Promise<{
    entries: SearchResEntry[];
    cookie: Uint8Array | undefined;
    moreResults: boolean;
    result: Result;
  }> {
    const request = this.host.searchRequest(base, filter, { attributes: '*', ...options });
    const c = await this.host.run(
      request,
      [dirSyncControl(options.flags ?? 0, options.maxBytes ?? 0x7fffffff, options.cookie)],
      options.signal,
    );
    const ctl = c.result.controls?.[DIRSYNC];
    const v =
      ctl?.value instanceof Uint8Array
        ? readDirSync(ctl.value)
        : (ctl?.value as { moreResults: boolean; cookie: Uint8Array } | undefined);
    return {
      entries: c.response.filter((r): r is SearchResEntry => r.type === 'searchResEntry'),
      cookie: v?.cookie,
      moreResults: v?.moreResults ?? false,
      result: c.result,
    };
  }
}
