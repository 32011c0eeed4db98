// lz4frame.mjs — a small, independent LZ4 frame writer (xxHash32, greedy block compressor,
// raw blocks) so the server tests can send real LZ4 uploads and also hostile frames (lying
// sizes, bad checksums, missing content size). Test-only: it must never be used to check
// parleyd against itself, only to produce bytes per the LZ4 frame format specification.

const PRIME1 = 0x9e3779b1;
const PRIME2 = 0x85ebca77;
const PRIME3 = 0xc2b2ae3d;
const PRIME4 = 0x27d4eb2f;
const PRIME5 = 0x165667b1;

const rotl = (x, r) => ((x << r) | (x >>> (32 - r))) >>> 0;
const mul = (a, b) => Math.imul(a, b) >>> 0;

/** xxHash32 of a Uint8Array with seed 0 (the checksum the LZ4 frame format uses). */
export function xxh32(buf, seed = 0) {
  const len = buf.length;
  const dv = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
  let i = 0;
  let h;
  if (len >= 16) {
    let v1 = (seed + PRIME1 + PRIME2) >>> 0;
    let v2 = (seed + PRIME2) >>> 0;
    let v3 = seed >>> 0;
    let v4 = (seed - PRIME1) >>> 0;
    const round = (v, lane) => mul(rotl((v + mul(lane, PRIME2)) >>> 0, 13), PRIME1);
    for (; i + 16 <= len; i += 16) {
      v1 = round(v1, dv.getUint32(i, true));
      v2 = round(v2, dv.getUint32(i + 4, true));
      v3 = round(v3, dv.getUint32(i + 8, true));
      v4 = round(v4, dv.getUint32(i + 12, true));
    }
    h = (rotl(v1, 1) + rotl(v2, 7) + rotl(v3, 12) + rotl(v4, 18)) >>> 0;
  } else {
    h = (seed + PRIME5) >>> 0;
  }
  h = (h + len) >>> 0;
  for (; i + 4 <= len; i += 4) h = mul(rotl((h + mul(dv.getUint32(i, true), PRIME3)) >>> 0, 17), PRIME4);
  for (; i < len; i++) h = mul(rotl((h + mul(buf[i], PRIME5)) >>> 0, 11), PRIME1);
  h = mul(h ^ (h >>> 15), PRIME2);
  h = mul(h ^ (h >>> 13), PRIME3);
  return (h ^ (h >>> 16)) >>> 0;
}

// Length fields of a sequence: 15 in the token nibble, then 255s, then the rest.
function pushLength(out, n) {
  for (; n >= 255; n -= 255) out.push(255);
  out.push(n);
}

/**
 * Compresses src (Uint8Array) into one LZ4 block: greedy matching with a 4-byte hash table,
 * honouring the format's end rules (last 5 bytes literals, no match starting in the last
 * 12 bytes).
 */
export function compressBlock(src) {
  const out = [];
  const table = new Int32Array(1 << 16).fill(-1);
  const n = src.length;
  const matchLimit = n - 12;
  let anchor = 0;
  let i = 0;
  const read32 = (p) => (src[p] | (src[p + 1] << 8) | (src[p + 2] << 16) | (src[p + 3] << 24)) >>> 0;
  while (i < matchLimit) {
    const h = mul(read32(i), 2654435761) >>> 16;
    const ref = table[h];
    table[h] = i;
    if (ref < 0 || i - ref > 65535 || read32(ref) !== read32(i)) { i++; continue; }
    let len = 4;
    while (i + len < n - 5 && src[ref + len] === src[i + len]) len++;
    const lit = i - anchor;
    const ml = len - 4;
    out.push(((lit >= 15 ? 15 : lit) << 4) | (ml >= 15 ? 15 : ml));
    if (lit >= 15) pushLength(out, lit - 15);
    for (let k = anchor; k < i; k++) out.push(src[k]);
    const off = i - ref;
    out.push(off & 255, off >> 8);
    if (ml >= 15) pushLength(out, ml - 15);
    i += len;
    anchor = i;
  }
  const lit = n - anchor;
  out.push((lit >= 15 ? 15 : lit) << 4);
  if (lit >= 15) pushLength(out, lit - 15);
  for (let k = anchor; k < n; k++) out.push(src[k]);
  return Uint8Array.from(out);
}

const le32 = (v) => { const b = Buffer.alloc(4); b.writeUInt32LE(v >>> 0); return b; };
const le64 = (v) => { const b = Buffer.alloc(8); b.writeBigUInt64LE(BigInt(v)); return b; };

/**
 * One LZ4 frame of `data` (Buffer/string). Options, for hostile frames:
 *   contentSize: true (the real size, default) | false (none) | a number (declared, any)
 *   checksum: true (default) | false | a number (a wrong value to write)
 *   compress: true (default: compressed blocks where smaller) | false (raw blocks)
 *   blockSize: bytes per block (default 64 KiB; the header says 64 KiB or 4 MiB)
 *   dictId: a dictionary id to declare (none by default)
 *   blocks: Buffer[] of pre-made block payloads to use instead (each written as given,
 *           with `compressed` telling whether they are LZ4 blocks)
 */
export function lz4Frame(data, opts = {}) {
  const src = Buffer.isBuffer(data) ? data : Buffer.from(data);
  const { contentSize = true, checksum = true, compress = true, blockSize = 64 * 1024, dictId } = opts;
  let flg = 0x40 | 0x20; // version 01, blocks independent
  if (contentSize !== false) flg |= 0x08;
  if (checksum !== false) flg |= 0x04;
  if (dictId !== undefined) flg |= 0x01;
  const bd = blockSize > 64 * 1024 ? 0x70 : 0x40; // 4 MiB or 64 KiB maximum
  const desc = [Buffer.from([flg, bd])];
  if (contentSize !== false) desc.push(le64(contentSize === true ? src.length : contentSize));
  if (dictId !== undefined) desc.push(le32(dictId));
  const descriptor = Buffer.concat(desc);
  const hc = (xxh32(descriptor) >>> 8) & 0xff;
  const parts = [le32(0x184d2204), descriptor, Buffer.from([hc])];
  const blocks = opts.blocks
    ?? (() => {
      const list = [];
      for (let off = 0; off < src.length; off += blockSize) {
        const chunk = src.subarray(off, Math.min(src.length, off + blockSize));
        const c = compress ? compressBlock(chunk) : null;
        list.push(c && c.length < chunk.length ? { data: Buffer.from(c), compressed: true } : { data: chunk, compressed: false });
      }
      return list;
    })();
  for (const b of blocks) {
    const body = Buffer.isBuffer(b) ? b : b.data;
    const compressed = Buffer.isBuffer(b) ? true : b.compressed;
    parts.push(le32(body.length | (compressed ? 0 : 0x80000000)), body);
  }
  parts.push(le32(0));
  if (checksum !== false) parts.push(le32(checksum === true ? xxh32(src) : checksum));
  return Buffer.concat(parts);
}

/**
 * One LZ4 block that decodes to `n` copies of byte `c` (n >= 13) in a few bytes: the shape
 * of a decompression bomb (a megabyte from a handful of bytes).
 */
export function runBlock(c, n) {
  const out = [];
  // One literal, then a match at offset 1 covering n - 6 bytes, then 5 literals.
  const ml = n - 6 - 4;
  out.push((1 << 4) | (ml >= 15 ? 15 : ml), c, 1, 0);
  if (ml >= 15) pushLength(out, ml - 15);
  out.push(5 << 4, c, c, c, c, c);
  return Buffer.from(out);
}
