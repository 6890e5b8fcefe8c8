/**
 * The public helpers around the codec: result-code and tag tables, the control registry as
 * the client uses it, the extended-operation builders, encoder argument checks, and reader /
 * writer behaviours the vector files do not reach (RFC 4511 section 4 extensibility, bigint
 * INTEGERs, 16 MiB lengths).
 */
import test from 'ava';
import {
  BerReader,
  BerWriter,
  TagClass,
  applicationTag,
  contextTag,
  describeTag,
  makeTag,
} from '../../src/ber/index.js';
import { BerError, LdapOptionError, ProtocolError } from '../../src/errors.js';
import { encodeFilter } from '../../src/filter/index.js';
import {
  ApplicationTag,
  ControlOid,
  ExtendedOid,
  OperationName,
  ResultCode,
  allResultCodes,
  cancelRequest,
  decodeControlValue,
  decodeMessage,
  decodeProxiedAuthorizationValue,
  decodeTransactionSpecificationValue,
  describeControls,
  encodeMessage,
  endTransactionRequest,
  getControlDefinition,
  isNoticeOfDisconnection,
  makeControl,
  noticeOfDisconnection,
  passwordModifyRequest,
  readMessageHeader,
  registerControl,
  resultCodeInfo,
  resultCodeName,
  startTlsRequest,
  startTransactionRequest,
  whoAmIRequest,
  type LdapMessage,
} from '../../src/protocol/index.js';
import { utf8 } from '../../src/util/index.js';
import { hex, toHex } from './json.js';

test('every RFC 4511 result code has its RFC name, plus the later RFCs', (t) => {
  const rfc4511: [number, string][] = [
    [0, 'success'],
    [1, 'operationsError'],
    [2, 'protocolError'],
    [3, 'timeLimitExceeded'],
    [4, 'sizeLimitExceeded'],
    [5, 'compareFalse'],
    [6, 'compareTrue'],
    [7, 'authMethodNotSupported'],
    [8, 'strongerAuthRequired'],
    [10, 'referral'],
    [11, 'adminLimitExceeded'],
    [12, 'unavailableCriticalExtension'],
    [13, 'confidentialityRequired'],
    [14, 'saslBindInProgress'],
    [16, 'noSuchAttribute'],
    [17, 'undefinedAttributeType'],
    [18, 'inappropriateMatching'],
    [19, 'constraintViolation'],
    [20, 'attributeOrValueExists'],
    [21, 'invalidAttributeSyntax'],
    [32, 'noSuchObject'],
    [33, 'aliasProblem'],
    [34, 'invalidDNSyntax'],
    [36, 'aliasDereferencingProblem'],
    [48, 'inappropriateAuthentication'],
    [49, 'invalidCredentials'],
    [50, 'insufficientAccessRights'],
    [51, 'busy'],
    [52, 'unavailable'],
    [53, 'unwillingToPerform'],
    [54, 'loopDetect'],
    [64, 'namingViolation'],
    [65, 'objectClassViolation'],
    [66, 'notAllowedOnNonLeaf'],
    [67, 'notAllowedOnRDN'],
    [68, 'entryAlreadyExists'],
    [69, 'objectClassModsProhibited'],
    [71, 'affectsMultipleDSAs'],
    [80, 'other'],
    [118, 'canceled'],
    [119, 'noSuchOperation'],
    [120, 'tooLate'],
    [121, 'cannotCancel'],
    [122, 'assertionFailed'],
    [123, 'authorizationDenied'],
    [4096, 'e-syncRefreshRequired'],
  ];
  for (const [code, name] of rfc4511) {
    t.is(resultCodeName(code), name);
    t.true((resultCodeInfo(code)?.description.length ?? 0) > 5, name);
  }
  t.is(ResultCode.noSuchObject, 32);
  t.is(resultCodeName(9999), 'unknown (9999)');
  t.is(resultCodeInfo(9999), undefined);
  const all = allResultCodes();
  t.true(all.length >= rfc4511.length);
  t.deepEqual(
    all.map((c) => c.code),
    [...all.map((c) => c.code)].sort((a, b) => a - b),
  );
});

test('application tags and operation names cover every protocolOp', (t) => {
  t.is(ApplicationTag.SearchRequest, 0x63);
  t.is(ApplicationTag.UnbindRequest, 0x42);
  t.is(ApplicationTag.IntermediateResponse, 0x79);
  t.is(OperationName.SearchResultEntry, 'searchResEntry');
  t.is(OperationName.ExtendedResponse, 'extendedResp');
  t.is(Object.keys(ApplicationTag).length, 21);
});

test('tag helpers', (t) => {
  t.is(contextTag(3, true), 0xa3);
  t.is(contextTag(7), 0x87);
  t.is(applicationTag(3, true), 0x63);
  t.is(makeTag(TagClass.private, false, 31), 31 * 256 + 0xc0);
  t.throws(() => makeTag(TagClass.context, false, -1), { instanceOf: RangeError });
  t.throws(() => makeTag(TagClass.context, false, 2 ** 28), { instanceOf: RangeError });
  t.is(describeTag(0x30), 'SEQUENCE constructed');
  t.is(describeTag(0x02), 'INTEGER');
  t.is(describeTag(0x09), '[UNIVERSAL 9]');
  t.regex(describeTag(0x63), /APPLICATION 3/);
  t.regex(describeTag(0xc1), /PRIVATE 1/);
  t.regex(describeTag(0x81), /^\[1\]/);
});

test('control registry: makeControl encodes typed values, describeControls decodes them', (t) => {
  const paged = makeControl('pagedResults', { size: 10, cookie: new Uint8Array(0) }, true);
  t.is(paged.oid, ControlOid.pagedResults);
  t.true(paged.critical);
  t.is(toHex(paged.value!), '300502010a0400');
  t.deepEqual(makeControl(ControlOid.manageDsaIT), { oid: ControlOid.manageDsaIT, critical: false });
  t.deepEqual(makeControl('1.2.3.4', hex('00ff')), { oid: '1.2.3.4', critical: false, value: hex('00ff') });
  t.throws(() => makeControl('1.2.3.4', { a: 1 }), { instanceOf: LdapOptionError });
  t.throws(() => makeControl('sortResponse', { sortResult: 0 }), { instanceOf: LdapOptionError });
  t.is(toHex(makeControl('sortResponse', { sortResult: 0 }, false, 'response').value!), '30030a0100');
  const assertion = makeControl('assertion', { type: 'present', attribute: 'cn' }, true);
  t.deepEqual(decodeControlValue(assertion, 'request'), { type: 'present', attribute: 'cn' });
  t.deepEqual(toHex(assertion.value!), toHex(encodeFilter({ type: 'present', attribute: 'cn' })));
  t.deepEqual(decodeControlValue({ oid: '9.9', critical: false, value: hex('01') }, 'response'), hex('01'));

  const described = describeControls([
    { oid: ControlOid.pagedResults, critical: false, value: hex('3008020103040361626' + '3') },
    { oid: ControlOid.sortResponse, critical: false, value: hex('0000') }, // malformed: kept raw
    { oid: '1.2.3', critical: true },
    { oid: '__proto__', critical: false, value: hex('01') },
  ]);
  t.is(Object.getPrototypeOf(described), null);
  t.deepEqual(described[ControlOid.pagedResults], {
    description: 'LDAP Simple Paged Results (RFC 2696)',
    criticality: false,
    value: { size: 3, cookie: utf8('abc') },
  });
  t.deepEqual(described[ControlOid.sortResponse]!.value, hex('0000'));
  t.deepEqual(described['1.2.3'], { description: '', criticality: true, value: undefined });
  t.deepEqual(described['__proto__']!.value, hex('01'));
  t.deepEqual(Object.keys(describeControls(undefined)), []);
  t.deepEqual(describeControls([makeControl('sdFlags', 5)], 'request')[ControlOid.sdFlags]!.value, 5);
});

test('registerControl adds a vendor control by OID and name', (t) => {
  registerControl({
    oid: '1.3.6.1.4.1.99999.1',
    name: 'exampleVendor',
    description: 'Example vendor control',
    request: { encode: (v) => utf8(String(v)), decode: (b) => (b ? new TextDecoder().decode(b) : '') },
  });
  t.is(getControlDefinition('exampleVendor')?.oid, '1.3.6.1.4.1.99999.1');
  const c = makeControl('exampleVendor', 'hi');
  t.is(decodeControlValue(c, 'request'), 'hi');
});

test('proxied authorization and transaction specification values', (t) => {
  t.is(decodeProxiedAuthorizationValue(utf8('dn:cn=x')), 'dn:cn=x');
  t.throws(() => decodeTransactionSpecificationValue(undefined), { instanceOf: ProtocolError });
});

test('extended-operation builders', (t) => {
  t.deepEqual(startTlsRequest(), { type: 'ExtendedRequest', requestName: ExtendedOid.startTls });
  t.deepEqual(whoAmIRequest(), { type: 'ExtendedRequest', requestName: ExtendedOid.whoAmI });
  t.is(toHex(cancelRequest(7).requestValue!), '3003020107');
  t.deepEqual(startTransactionRequest(), {
    type: 'ExtendedRequest',
    requestName: ExtendedOid.startTransaction,
  });
  t.is(toHex(endTransactionRequest(utf8('t'), false).requestValue!), '30060101000401' + '74');
  t.is(toHex(passwordModifyRequest({ newPasswd: utf8('n') }).requestValue!), '30038201' + '6e');
});

test('Notice of Disconnection: messageID 0, its OID, no value; recognised after a round trip', (t) => {
  const notice = noticeOfDisconnection();
  t.is(notice.messageID, 0);
  t.is(notice.protocolOp.resultCode, ResultCode.unavailable);
  const back = decodeMessage(encodeMessage(notice));
  t.true(isNoticeOfDisconnection(back));
  t.is(toHex(encodeMessage(noticeOfDisconnection(2, 'bad PDU'))).slice(0, 16), '302b02010078260a');
  t.false(isNoticeOfDisconnection({ messageID: 1, protocolOp: notice.protocolOp }));
  t.false(isNoticeOfDisconnection({ messageID: 0, protocolOp: { type: 'UnbindRequest' } }));
});

test('encodeMessage refuses a messageID outside 0..maxInt', (t) => {
  for (const id of [-1, 2 ** 31, 1.5, NaN]) {
    t.throws(() => encodeMessage({ messageID: id, protocolOp: { type: 'UnbindRequest' } }), {
      instanceOf: LdapOptionError,
    });
  }
  t.throws(() => encodeMessage({ messageID: 1, protocolOp: { type: 'Nope' } } as unknown as LdapMessage), {
    instanceOf: LdapOptionError,
  });
});

test('empty control list is not sent; encoder is re-entrant for nested use', (t) => {
  t.is(
    toHex(encodeMessage({ messageID: 1, protocolOp: { type: 'UnbindRequest' }, controls: [] })),
    '30050201014200',
  );
});

test('RFC 4511 section 4: unknown trailing SEQUENCE components are ignored', (t) => {
  // UnbindRequest followed by an unknown [5] element at the end of LDAPMessage.
  const m = decodeMessage(hex('300702010142008500'));
  t.deepEqual(m, { messageID: 1, protocolOp: { type: 'UnbindRequest' } });
  // SearchResultDone with an unknown trailing [9] element after the result fields.
  const done = decodeMessage(hex('300e02010265090a0100040004008900'));
  t.deepEqual(done.protocolOp, {
    type: 'SearchResultDone',
    resultCode: 0,
    matchedDN: '',
    diagnosticMessage: '',
  });
});

test('filter encoder refuses ASTs that have no BER form', (t) => {
  t.throws(() => encodeFilter({ type: 'substrings', attribute: 'cn', any: [] }), {
    instanceOf: LdapOptionError,
  });
  t.throws(() => encodeFilter({ type: 'extensibleMatch', value: utf8('x'), dnAttributes: false }), {
    instanceOf: LdapOptionError,
  });
  t.throws(() => encodeFilter({ type: 'bogus' } as never), { instanceOf: LdapOptionError });
});

test('reader: bigint INTEGERs, skip, readRaw, readInteger range, leave without enter', (t) => {
  const r = new BerReader(hex('02090100000000000000000201050401ff'));
  t.throws(() => new BerReader(hex('0209010000000000000000')).readInteger(), { instanceOf: BerError });
  t.is(r.readBigInt(), 2n ** 64n);
  t.is(r.readBigInt(), 5n);
  t.is(toHex(r.readRaw()), '0401ff');
  t.false(r.more());
  t.is(r.peekTag(), -1);
  t.throws(() => new BerReader(hex('3000')).leave());
  const s = new BerReader(hex('1f810000'));
  t.is(s.peekTag(), 128 * 256);
  s.skip();
  t.false(s.more());
});

test('writer: unbalanced sequences, unsafe numbers, 16 MiB lengths, bigints', (t) => {
  const w = new BerWriter(1);
  w.startSequence();
  t.throws(() => w.toBytes());
  w.reset();
  t.throws(() => w.endSequence());
  t.throws(() => w.writeInteger(2 ** 60), { instanceOf: RangeError });
  w.writeInteger(-(2n ** 63n));
  w.writeInteger(2 ** 40);
  t.is(toHex(w.toBytes()), '02088000000000000000' + '0206010000000000');
  // 0x84 length form, written directly and by back-patching.
  const big = new Uint8Array(0x1000000);
  const w2 = new BerWriter();
  w2.writeOctetString(big);
  const out = w2.toBytes();
  t.is(toHex(out.subarray(0, 6)), '048401000000');
  const w3 = new BerWriter();
  w3.startSequence();
  w3.writeRaw(big);
  w3.endSequence();
  t.is(toHex(w3.toBytes().subarray(0, 6)), '308401000000');
  const r = new BerReader(out, { maxLength: 0x2000000 });
  t.is(r.readOctetString().length, 0x1000000);
  // Multi-byte tags and long UTF-8 strings.
  const w4 = new BerWriter(4);
  w4.writeString('é'.repeat(300), makeTag(TagClass.application, false, 1000));
  const r4 = new BerReader(w4.toBytes());
  t.is(r4.readUtf8(makeTag(TagClass.application, false, 1000)), 'é'.repeat(300));
  w4.reset();
  w4.writeString('a'.repeat(300));
  t.is(new BerReader(w4.toBytes()).readUtf8(), 'a'.repeat(300));
});

test('readMessageHeader: messageID and operation of a PDU that does not decode', (t) => {
  // A SearchRequest with scope 4 (protocolError) still tells its messageID and type.
  const bad = hex('301c020109631704000a01040a01000201000201000101008702636e3000');
  t.throws(() => decodeMessage(bad), { instanceOf: ProtocolError });
  t.deepEqual(readMessageHeader(bad), { messageID: 9, protocolOpTag: 0x63, type: 'SearchRequest' });
  t.deepEqual(readMessageHeader(hex('30050201037400')), { messageID: 3, protocolOpTag: 0x74 });
  t.is(readMessageHeader(hex('30050201ff4200')), undefined);
  t.is(readMessageHeader(hex('3003020103')), undefined);
  t.is(readMessageHeader(hex('3103020103')), undefined);
  t.is(readMessageHeader(hex('300502')), undefined);
});

test('short-string cache: thousands of distinct short strings decode exactly', (t) => {
  let seed = 1;
  const rand = () => ((seed = (seed * 1103515245 + 12345) >>> 0) >>> 8) % 95;
  for (let i = 0; i < 5000; i++) {
    const len = 1 + (i % 24);
    let s = '';
    for (let j = 0; j < len; j++) s += String.fromCharCode(32 + rand());
    const msg = { messageID: 1, protocolOp: { type: 'DelRequest', dn: s } } as const;
    const back = decodeMessage(encodeMessage(msg));
    if ((back.protocolOp as { dn: string }).dn !== s) t.fail(`${JSON.stringify(s)} came back different`);
  }
  // A buffer that grows after a decode is not read through a stale view.
  const ab = new (ArrayBuffer as any)(16, { maxByteLength: 64 }) as ArrayBuffer & {
    resize?: (n: number) => void;
  };
  const bytes = encodeMessage({ messageID: 1, protocolOp: { type: 'DelRequest', dn: 'cn=a' } });
  new Uint8Array(ab).set(bytes);
  t.is((decodeMessage(new Uint8Array(ab, 0, bytes.length)).protocolOp as { dn: string }).dn, 'cn=a');
  if (typeof ab.resize === 'function') {
    ab.resize(64);
    const longer = encodeMessage({
      messageID: 1,
      protocolOp: { type: 'DelRequest', dn: 'cn=' + 'b'.repeat(40) },
    });
    new Uint8Array(ab).set(longer);
    t.is(
      (decodeMessage(new Uint8Array(ab, 0, longer.length)).protocolOp as { dn: string }).dn,
      'cn=' + 'b'.repeat(40),
    );
  }
});
