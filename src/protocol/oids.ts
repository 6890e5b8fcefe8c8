/** OIDs of the controls and extended operations ldap3ts knows, each with its specification. */

export const ControlOid = {
  pagedResults: '1.2.840.113556.1.4.319', // RFC 2696
  sortRequest: '1.2.840.113556.1.4.473', // RFC 2891
  sortResponse: '1.2.840.113556.1.4.474', // RFC 2891
  vlvRequest: '2.16.840.1.113730.3.4.9', // draft-ietf-ldapext-ldapv3-vlv
  vlvResponse: '2.16.840.1.113730.3.4.10', // draft-ietf-ldapext-ldapv3-vlv
  preRead: '1.3.6.1.1.13.1', // RFC 4527
  postRead: '1.3.6.1.1.13.2', // RFC 4527
  assertion: '1.3.6.1.1.12', // RFC 4528
  proxiedAuthorizationV2: '2.16.840.1.113730.3.4.18', // RFC 4370
  manageDsaIT: '2.16.840.1.113730.3.4.2', // RFC 3296
  subtreeDelete: '1.2.840.113556.1.4.805', // draft-armijo-ldap-treedelete, MS-ADTS 3.1.1.3.4.1.15
  permissiveModify: '1.2.840.113556.1.4.1413', // MS-ADTS 3.1.1.3.4.1.8
  dontUseCopy: '1.3.6.1.1.22', // RFC 6171
  passwordPolicy: '1.3.6.1.4.1.42.2.27.8.5.1', // draft-behera-ldap-password-policy
  persistentSearch: '2.16.840.1.113730.3.4.3', // draft-ietf-ldapext-psearch
  entryChangeNotification: '2.16.840.1.113730.3.4.7', // draft-ietf-ldapext-psearch
  syncRequest: '1.3.6.1.4.1.4203.1.9.1.1', // RFC 4533
  syncState: '1.3.6.1.4.1.4203.1.9.1.2', // RFC 4533
  syncDone: '1.3.6.1.4.1.4203.1.9.1.3', // RFC 4533
  transactionSpecification: '1.3.6.1.1.21.2', // RFC 5805
  dirSync: '1.2.840.113556.1.4.841', // MS-ADTS 3.1.1.3.4.1.3
  showDeleted: '1.2.840.113556.1.4.417', // MS-ADTS 3.1.1.3.4.1.14
  sdFlags: '1.2.840.113556.1.4.801', // MS-ADTS 3.1.1.3.4.1.11
  extendedDn: '1.2.840.113556.1.4.529', // MS-ADTS 3.1.1.3.4.1.5
  changeNotification: '1.2.840.113556.1.4.528', // MS-ADTS 3.1.1.3.4.1.9
} as const;
export type ControlName = keyof typeof ControlOid;
export type ControlOidValue = (typeof ControlOid)[ControlName];

export const ExtendedOid = {
  startTls: '1.3.6.1.4.1.1466.20037', // RFC 4511 section 4.14
  noticeOfDisconnection: '1.3.6.1.4.1.1466.20036', // RFC 4511 section 4.4.1
  whoAmI: '1.3.6.1.4.1.4203.1.11.3', // RFC 4532
  passwordModify: '1.3.6.1.4.1.4203.1.11.1', // RFC 3062
  cancel: '1.3.6.1.1.8', // RFC 3909
  startTransaction: '1.3.6.1.1.21.1', // RFC 5805
  endTransaction: '1.3.6.1.1.21.3', // RFC 5805
  abortedTransaction: '1.3.6.1.1.21.4', // RFC 5805 (unsolicited notice)
  syncInfo: '1.3.6.1.4.1.4203.1.9.1.4', // RFC 4533 (intermediate response)
} as const;
export type ExtendedName = keyof typeof ExtendedOid;
export type ExtendedOidValue = (typeof ExtendedOid)[ExtendedName];
