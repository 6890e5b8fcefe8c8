/**
 * ava helpers for tests that need a real slapd. When slapd is missing the tests are registered
 * as skipped (never counted as passing) and the reason is printed once.
 *
 *   const slapd = useSlapd({ ldif: 'fixtures/example.ldif' });   // starts in test.before, stops in test.after.always
 *   slapdTest('search finds people', async (t) => { const url = slapd().url; ... });
 */
import test, { type ExecutionContext, type TestFn } from 'ava';
import { slapdAvailable, startSlapd, type SlapdInstance, type SlapdOptions } from '../../scripts/slapd.js';

export const haveSlapd = slapdAvailable();
let told = false;

/** `test` when slapd is installed, otherwise `test.skip` (and one "SKIPPED" line on stdout). */
export function slapdTestFn(): TestFn {
  if (haveSlapd) return test;
  if (!told) {
    told = true;
    console.log(
      'SKIPPED: slapd not installed (apt-get install slapd ldap-utils); slapd tests are registered as skipped',
    );
  }
  return test.skip as unknown as TestFn;
}

export const slapdTest = (title: string, impl: (t: ExecutionContext) => void | Promise<void>): void => {
  const fn = slapdTestFn();
  if (haveSlapd) fn.serial(title, impl);
  else fn(title, impl);
};

/**
 * Start one slapd for the whole test file and stop it afterwards, even when tests fail.
 * Returns a getter (throws if called when slapd is missing or failed to start).
 */
export function useSlapd(options: SlapdOptions = {}): () => SlapdInstance {
  let instance: SlapdInstance | undefined;
  if (haveSlapd) {
    test.before(async () => {
      instance = await startSlapd(options);
    });
    test.after.always(async () => {
      await instance?.stop();
    });
  }
  return () => {
    if (!instance) throw new Error('slapd is not running');
    return instance;
  };
}
