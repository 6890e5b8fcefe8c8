/** What the README example imports from 'ldap3ts' (the package root exports these names). */
export * from '../../src/client/index.js';
export * from '../../src/abstract/index.js';
