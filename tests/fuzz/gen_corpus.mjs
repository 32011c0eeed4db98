// gen_corpus.mjs — writes the small seed corpus of the fuzz targets into tests/fuzz/corpus/
// (ingest: a selector byte, 0 plain or 1 LZ4, then an upload body; event: event files).
// Deterministic, so rerunning it changes nothing; run by hand (`node tests/fuzz/gen_corpus.mjs`)
// when the formats change. It must never write outside tests/fuzz/corpus/.
import { copyFileSync, mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

import { ROOT } from '../lib/parleyd.mjs';
import { lz4Frame, runBlock } from '../server/lz4frame.mjs';

const OUT = join(ROOT, 'tests/fuzz/corpus');
let n = 0;
const uuid = () => `00000000-0000-4000-8000-${String(++n).padStart(12, '0')}`;

const reg = (over = {}) => ({
  v: 1, type: 'registration', id: uuid(), event: 'untoc-wg-som-9-cd-2022', device: uuid(),
  created: '2022-07-01T09:00:00.000Z', name: 'Ana Pérez', organization: 'Casa Monarca',
  category: 'ngo', country: 'MX', email: 'ana@example.org', publish_consent: true, ...over,
});
const com = (r, over = {}) => ({
  v: 1, type: 'comment', id: uuid(), event: r.event, device: r.device,
  created: '2022-07-01T09:30:00.000Z', participant: r.id, agenda_item: 'panel-cluster-1',
  addressed_to: 'casa-monarca', language: 'es', text: '¿Cómo se protege a los testigos?', ...over,
});
const lines = (...recs) => Buffer.from(recs.map((x) => (typeof x === 'string' ? x : JSON.stringify(x))).join('\n') + '\n');

const r1 = reg();
const ingest = {
  'plain-one-registration': [0, lines(r1)],
  'plain-registration-and-comments': [0, lines(r1, com(r1), com(r1, { addressed_to: null, language: 'en', text: 'A question.' }))],
  'plain-crlf-blank-lines': [0, Buffer.from(`\r\n${JSON.stringify(reg())}\r\n\r\n   \n${JSON.stringify(reg())}`)],
  'plain-unknown-fields': [0, lines(reg({ kiosk: { build: 'x', list: [1, 2, { a: null }] }, note: 'kept' }))],
  'plain-duplicate-ids': [0, lines(r1, r1)],
  'plain-bad-category': [0, lines(reg({ category: 'government' }))],
  'plain-missing-field': [0, lines({ ...com(r1), language: undefined })],
  'plain-long-text': [0, lines(com(r1, { text: 'x'.repeat(4001) }))],
  'plain-text-4000': [0, lines(com(r1, { text: 'é'.repeat(4000) }))],
  'plain-empty-text': [0, lines(com(r1, { text: '' }))],
  'plain-escapes': [0, Buffer.from(`${JSON.stringify(com(r1)).replace('testigos', 'testigos \\u00e9\\ud83d\\ude00\\n\\t\\"')}\n`)],
  'plain-nul-escape': [0, Buffer.from(`${JSON.stringify(com(r1)).replace('testigos', 'a\\u0000b')}\n`)],
  'plain-invalid-utf8': [0, Buffer.concat([Buffer.from(JSON.stringify(com(r1)).slice(0, -2)), Buffer.from([0xc3, 0x28, 0xff]), Buffer.from('"}\n')])],
  'plain-deep-nesting': [0, Buffer.from(`${JSON.stringify(reg()).slice(0, -1)},"x":${'['.repeat(40)}${']'.repeat(40)}}\n`)],
  'plain-duplicate-key': [0, Buffer.from(`${JSON.stringify(reg()).slice(0, -1)},"name":"again"}\n`)],
  'plain-not-json': [0, Buffer.from('{"v":1,\nnot json\n')],
  'plain-array-line': [0, Buffer.from('[1,2,3]\n')],
  'plain-bad-uuid': [0, lines(reg({ id: 'ABCDEF00-0000-4000-8000-000000000000' }))],
  'plain-bad-time': [0, lines(reg({ created: '2022-02-30T25:00:00Z' }))],
  'plain-version-2': [0, lines(reg({ v: 2 }))],
  'plain-empty': [0, Buffer.alloc(0)],
  'plain-only-blank': [0, Buffer.from('\n\n \r\n')],
  'lz4-batch': [1, lz4Frame(lines(r1, com(r1), com(r1), reg()))],
  'lz4-raw-blocks': [1, lz4Frame(lines(reg(), reg()), { compress: false })],
  'lz4-two-blocks': [1, lz4Frame(lines(...Array.from({ length: 40 }, () => reg())), { blockSize: 4096 })],
  'lz4-no-content-size': [1, lz4Frame(lines(reg()), { contentSize: false })],
  'lz4-bad-checksum': [1, lz4Frame(lines(reg()), { checksum: 1 })],
  'lz4-size-lie': [1, lz4Frame(lines(reg()), { contentSize: 12 })],
  'lz4-bomb-declared': [1, lz4Frame(Buffer.alloc(0), { contentSize: 9 << 20, blocks: [runBlock(10, 4096)] })],
  'lz4-bomb-hidden': [1, lz4Frame(Buffer.alloc(64), { blocks: [runBlock(32, 60000)] })],
  'lz4-dictionary': [1, lz4Frame(lines(reg()), { dictId: 42 })],
  'lz4-empty': [1, lz4Frame(Buffer.alloc(0))],
};

const event = {
  'default-event': join(ROOT, 'assets/events/untoc-som-2022.json'),
};
for (const f of readdirSync(join(ROOT, 'tests/fixtures/events'))) event[f.replace(/\.json$/, '')] = join(ROOT, 'tests/fixtures/events', f);

for (const dir of ['ingest', 'event']) {
  rmSync(join(OUT, dir), { recursive: true, force: true });
  mkdirSync(join(OUT, dir), { recursive: true });
}
for (const [name, [selector, body]] of Object.entries(ingest)) {
  writeFileSync(join(OUT, 'ingest', name), Buffer.concat([Buffer.from([selector]), body]));
}
for (const [name, file] of Object.entries(event)) copyFileSync(file, join(OUT, 'event', name));
console.log(`corpus: ${Object.keys(ingest).length} ingest inputs, ${Object.keys(event).length} event inputs`);
