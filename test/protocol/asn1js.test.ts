/**
 * Differential test against asn1js, an independent BER decoder: every valid vector (BER and
 * LDAP message files) is decoded by asn1js and by our reader into the same generic tree
 * (class, number, form, contents or children), and the trees must be equal. For messages the
 * asn1js tree is also checked against the expected message: the protocolOp's application
 * number and the messageID come from asn1js, not from us.
 */
import test from 'ava';
import * as asn1js from 'asn1js';
import { readFileSync } from 'node:fs';
import { BerReader, isConstructed, tagClass, tagNumber } from '../../src/ber/index.js';
import { ApplicationTag, type ProtocolOpType } from '../../src/protocol/index.js';
import { hex, toHex } from './json.js';

interface Node {
  cls: number;
  number: number;
  constructed: boolean;
  value?: string;
  children?: Node[];
}

const CLASS_OF_ASN1JS = [0, 0x00, 0x40, 0x80, 0xc0];

function fromAsn1js(b: asn1js.AsnType): Node {
  const id = b.idBlock;
  const node: Node = {
    cls: CLASS_OF_ASN1JS[id.tagClass]!,
    number: id.tagNumber,
    constructed: id.isConstructed,
  };
  const vb = b.valueBlock as unknown as { value?: asn1js.AsnType[]; valueHexView?: Uint8Array };
  if (id.isConstructed) node.children = (vb.value ?? []).map(fromAsn1js);
  else node.value = toHex(vb.valueHexView ?? new Uint8Array(0));
  return node;
}

function ours(r: BerReader): Node {
  const tag = r.peekTag();
  const node: Node = { cls: tagClass(tag), number: tagNumber(tag), constructed: isConstructed(tag) };
  if (node.constructed) {
    r.enter(tag);
    node.children = [];
    while (r.more()) node.children.push(ours(r));
    r.leave();
  } else {
    node.value = toHex(r.readOctetString(tag));
  }
  return node;
}

function asn1jsTree(bytes: Uint8Array): Node {
  const res = asn1js.fromBER(bytes);
  if (res.offset === -1) throw new Error(`asn1js: ${res.result.error}`);
  if (res.offset !== bytes.length) throw new Error(`asn1js stopped at ${res.offset} of ${bytes.length}`);
  return fromAsn1js(res.result);
}

const berCases = (
  JSON.parse(readFileSync('fixtures/ber/vectors.json', 'utf8')) as {
    cases: { hex: string; error?: unknown }[];
  }
).cases.filter((c) => !c.error && c.hex.length > 0);
type MessageCase = {
  description: string;
  hex: string;
  message: { messageID: number; protocolOp: { type: ProtocolOpType } };
};
const loadMessages = (f: string) => (JSON.parse(readFileSync(f, 'utf8')) as { cases: MessageCase[] }).cases;
const messages = [
  ...loadMessages('fixtures/protocol/messages.json'),
  ...loadMessages('fixtures/protocol/openldap-client-requests.json'),
  ...loadMessages('fixtures/protocol/slapd-responses.json'),
];

test('asn1js and ldap3ts see the same tree in every valid BER vector', (t) => {
  let compared = 0;
  for (const c of berCases) {
    const bytes = hex(c.hex);
    let theirs: Node;
    try {
      theirs = asn1jsTree(bytes);
    } catch (e) {
      // asn1js refuses UNIVERSAL tag numbers above 36 (valid X.690, reserved by X.680).
      t.regex((e as Error).message, /reserved by ASN.1 standard/, c.hex.slice(0, 60));
      continue;
    }
    t.deepEqual(ours(new BerReader(bytes)), theirs, c.hex.slice(0, 60));
    compared++;
  }
  t.true(compared >= berCases.length - 3);
  t.log(`${compared} of ${berCases.length} BER vectors compared`);
});

test('asn1js and ldap3ts see the same tree in every LDAP message vector', (t) => {
  for (const c of messages) {
    const bytes = hex(c.hex);
    const tree = asn1jsTree(bytes);
    t.deepEqual(ours(new BerReader(bytes)), tree, c.description);
    // Semantics read from asn1js's tree: envelope SEQUENCE, messageID, application tag.
    t.is(tree.cls, 0x00);
    t.is(tree.number, 16);
    const [id, op] = tree.children!;
    t.is(id!.number, 2);
    t.is(parseInt(id!.value!, 16), c.message.messageID, c.description);
    t.is(op!.cls, 0x40, c.description);
    t.is(op!.number, ApplicationTag[c.message.protocolOp.type] & 0x1f, c.description);
  }
  t.log(`${messages.length} message vectors`);
});

test('asn1js accepts what LDAP forbids (indefinite length); we reject it', (t) => {
  const indefinite = hex('3080020101420000 00'.replace(' ', ''));
  t.notThrows(() => asn1jsTree(indefinite));
  t.throws(() => ours(new BerReader(indefinite)));
});
