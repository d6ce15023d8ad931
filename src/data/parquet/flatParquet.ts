/**
 * A direct reader of flat Parquet files: top-level INT32, INT64 and DOUBLE
 * columns (REQUIRED, or OPTIONAL without NULLs), PLAIN or dictionary
 * encoded, uncompressed or Snappy, in v1 data pages. That is what the
 * lake writes (DuckDB's defaults), and it is decoded here straight into
 * typed arrays at about memcpy cost. Hand-written because reading through
 * DuckDB's node bindings costs ~90 µs per 2048-row chunk in the hand-over
 * alone (a full lake read spent more there than in DuckDB's decoding), and
 * the JS Parquet libraries assemble nested records value by value (~10×
 * slower than DuckDB on the lake's files). `unsupportedReason` says when a
 * file needs the general reader (DuckDB) instead.
 */
import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import { type ChunkView, type ColumnArray, type ColumnKind, widenTimes } from '../lake/duckdbColumns.js';
import { snappyDecompress, snappyLength } from './snappy.js';
import { int, list, struct, ThriftReader, type ThriftStruct, text } from './thriftCompact.js';

/** Parquet physical types this reader decodes, by kind: doubles, 32-bit ints, int64 (µs times). */
const PHYSICAL: Record<ColumnKind, number> = { f64: 5, i32: 1, time: 2 };
const PHYSICAL_NAME = [
  'BOOLEAN',
  'INT32',
  'INT64',
  'INT96',
  'FLOAT',
  'DOUBLE',
  'BYTE_ARRAY',
  'FIXED_LEN_BYTE_ARRAY',
];
const CODEC_UNCOMPRESSED = 0;
const CODEC_SNAPPY = 1;
const ENC_PLAIN = 0;
const ENC_PLAIN_DICTIONARY = 2;
const ENC_RLE = 3;
const ENC_RLE_DICTIONARY = 8;
const PAGE_DATA = 0;
const PAGE_INDEX = 1;
const PAGE_DICTIONARY = 2;
const MAGIC = 0x31524150; // 'PAR1' little-endian

/** A leaf column of a flat schema. */
export interface FlatColumn {
  name: string;
  /** Parquet physical type code. */
  physical: number;
  /** OPTIONAL: pages carry definition levels. */
  optional: boolean;
}

/** Where one column's pages sit in the file. */
export interface ColumnChunkMeta {
  codec: number;
  encodings: number[];
  /** First byte (dictionary page if any, else first data page) and byte length of the pages. */
  start: number;
  length: number;
}

export interface ParquetFooter {
  /** Leaf columns in schema order; undefined when the schema is nested (or a column repeats). */
  columns: FlatColumn[] | undefined;
  rowGroups: Array<{ rows: number; chunks: ColumnChunkMeta[] }>;
  keyValue: Map<string, string>;
}

/** Parses the footer from the file's last bytes (`tail`, ending at the file's end; `fileSize` bytes in all). */
function parseFooter(tail: Uint8Array, fileSize: number): ParquetFooter {
  const view = new DataView(tail.buffer, tail.byteOffset, tail.byteLength);
  if (tail.length < 12 || view.getUint32(tail.length - 4, true) !== MAGIC) {
    throw new RangeError('not a Parquet file (no PAR1 at the end)');
  }
  const len = view.getUint32(tail.length - 8, true);
  if (len + 8 > tail.length) throw new RangeError(`footer of ${len} bytes is longer than what was read`);
  const meta = new ThriftReader(tail, tail.length - 8 - len, tail.length - 8).readStruct();
  const schema = list(meta, 2) as ThriftStruct[];
  const leaves = schema.slice(1);
  // A REPEATED leaf carries repetition levels: as good as nested here.
  const flat =
    int(schema[0]!, 5, 0) === leaves.length && leaves.every((e) => !e.has(5) && int(e, 3, 0) !== 2);
  const columns = flat
    ? leaves.map((e) => ({ name: text(e, 4) ?? '', physical: int(e, 1, -1), optional: int(e, 3, 0) !== 0 }))
    : undefined;
  const rowGroups = (list(meta, 4) as ThriftStruct[]).map((rg) => ({
    rows: int(rg, 3),
    chunks: (list(rg, 1) as ThriftStruct[]).map((cc): ColumnChunkMeta => {
      const m = struct(cc, 3);
      if (m === undefined || cc.has(1)) throw new RangeError('column chunk without inline metadata');
      const data = int(m, 9);
      const dict = m.has(11) ? int(m, 11) : undefined;
      const start = dict !== undefined && dict > 0 && dict < data ? dict : data;
      const length = int(m, 7);
      if (start + length > fileSize) throw new RangeError('column chunk runs past the end of the file');
      return { codec: int(m, 4), encodings: list(m, 2) as number[], start, length };
    }),
  }));
  const keyValue = new Map<string, string>();
  for (const kv of list(meta, 5) as ThriftStruct[]) keyValue.set(text(kv, 1) ?? '', text(kv, 2) ?? '');
  return { columns, rowGroups, keyValue };
}

/** Reads and parses the footer of the file at `path`. */
export function readFooter(path: string): ParquetFooter {
  const fd = openSync(path, 'r');
  try {
    const size = fstatSync(fd).size;
    let want = Math.min(size, 64 * 1024);
    for (;;) {
      const tail = new Uint8Array(want);
      readFully(fd, tail, size - want);
      const len = want >= 8 ? new DataView(tail.buffer).getUint32(want - 8, true) : 0;
      if (len + 8 <= want || want === size) return parseFooter(tail, size);
      want = Math.min(size, len + 8);
    }
  } catch (cause) {
    throw new Error(`${path}: ${cause instanceof Error ? cause.message : String(cause)}`, { cause });
  } finally {
    closeSync(fd);
  }
}

/** Why this reader cannot decode columns `names` as `kinds` from a file with this footer, or undefined when it can. */
export function unsupportedReason(
  footer: ParquetFooter,
  names: readonly string[],
  kinds: readonly ColumnKind[],
): string | undefined {
  if (footer.columns === undefined) return 'nested schema';
  for (const [i, name] of names.entries()) {
    const c = footer.columns.findIndex((col) => col.name === name);
    if (c < 0) return `no column ${name}`;
    const physical = footer.columns[c]!.physical;
    if (physical !== PHYSICAL[kinds[i]!]) return `column ${name} is ${PHYSICAL_NAME[physical] ?? physical}`;
    for (const rg of footer.rowGroups) {
      const chunk = rg.chunks[c]!;
      if (chunk.codec !== CODEC_UNCOMPRESSED && chunk.codec !== CODEC_SNAPPY) return `codec ${chunk.codec}`;
      const odd = chunk.encodings.find(
        (e) => e !== ENC_PLAIN && e !== ENC_PLAIN_DICTIONARY && e !== ENC_RLE && e !== ENC_RLE_DICTIONARY,
      );
      if (odd !== undefined) return `encoding ${odd} in column ${name}`;
    }
  }
  return undefined;
}

/**
 * Decodes chosen columns of whole files, one row group at a time, into
 * scratch columns it reuses (so one reader serves one thread, one file at a
 * time). Values are copied once more by the caller's sink.
 */
export class FlatParquetReader {
  private file = new Uint8Array(0);
  private page = new Uint8Array(0);
  private columns: ColumnArray[] = [];
  private dictionary: ColumnArray[] = [];
  /** int64 values as (lo, hi) words on their way to doubles. */
  private words = new Int32Array(0);
  /** An int32 dictionary page, and an int32 column's values as doubles on their way out of the dictionary. */
  private ints: ColumnArray[] = [];
  private wide: ColumnArray[] = [];

  /**
   * Hands `sink` each row group of `path` as columns `names` in `kinds`
   * (the views DuckDB's chunks get, duckdbColumns.ts). Throws, naming the
   * file, on a file it cannot read or a NULL value.
   */
  readFile(
    path: string,
    names: readonly string[],
    kinds: readonly ColumnKind[],
    sink: (v: ChunkView) => void,
  ): void {
    let size: number;
    const fd = openSync(path, 'r');
    try {
      size = fstatSync(fd).size;
      if (this.file.length < size) this.file = new Uint8Array(Math.ceil(size * 1.25));
      readFully(fd, this.file.subarray(0, size), 0);
    } finally {
      closeSync(fd);
    }
    try {
      const bytes = this.file.subarray(0, size);
      const footer = parseFooter(bytes, size);
      const why = unsupportedReason(footer, names, kinds);
      if (why !== undefined) throw new RangeError(`unsupported layout (${why})`);
      const at = names.map((n) => footer.columns!.findIndex((c) => c.name === n));
      const view: ChunkView = { rows: 0, columns: [] };
      for (const rg of footer.rowGroups) {
        view.rows = rg.rows;
        view.columns = kinds.map((kind, i) => {
          const col = footer.columns![at[i]!]!;
          return this.decodeChunk(bytes, rg.chunks[at[i]!]!, col, kind, i, rg.rows);
        });
        sink(view);
      }
    } catch (cause) {
      throw new Error(`${path}: ${cause instanceof Error ? cause.message : String(cause)}`, { cause });
    }
  }

  /** Decodes one column chunk into scratch column `slot` (rows values). */
  private decodeChunk(
    bytes: Uint8Array,
    meta: ColumnChunkMeta,
    col: FlatColumn,
    kind: ColumnKind,
    slot: number,
    rows: number,
  ): ColumnArray {
    const width = kind === 'i32' ? 4 : 8;
    const out = scratch(this.columns, slot, kind, rows);
    let dict: Float64Array | undefined;
    let dictSize = 0;
    let pos = meta.start;
    const end = meta.start + meta.length;
    let done = 0;
    while (done < rows) {
      if (pos >= end) throw new RangeError(`column ${col.name}: pages hold ${done} of ${rows} values`);
      const reader = new ThriftReader(bytes, pos, end);
      const header = reader.readStruct();
      const type = int(header, 1);
      const rawSize = int(header, 2);
      const size = int(header, 3);
      const body = reader.pos;
      pos = body + size;
      if (pos > end) throw new RangeError(`column ${col.name}: a page runs past its column chunk`);
      if (type === PAGE_INDEX) continue;
      if (type === PAGE_DICTIONARY) {
        const dh = struct(header, 7)!;
        dictSize = int(dh, 1);
        const enc = int(dh, 2);
        if (enc !== ENC_PLAIN && enc !== ENC_PLAIN_DICTIONARY)
          throw new RangeError(`dictionary encoding ${enc}`);
        const data = this.inflate(bytes.subarray(body, pos), meta.codec, rawSize);
        if (data.length < dictSize * width) throw new RangeError(`column ${col.name}: short dictionary page`);
        // Dictionaries hold doubles whatever the kind (int32 values are exact), so one lookup loop serves all.
        dict = scratch(this.dictionary, slot, 'f64', dictSize) as Float64Array;
        if (kind === 'i32') {
          const ints = scratch(this.ints, 0, 'i32', dictSize);
          this.plain(data, 0, dictSize, kind, ints, 0);
          dict.set(ints.subarray(0, dictSize));
        } else this.plain(data, 0, dictSize, kind, dict, 0);
        continue;
      }
      let n: number;
      let enc: number;
      let data: Uint8Array;
      let off = 0;
      if (type === PAGE_DATA) {
        const dh = struct(header, 5)!;
        n = int(dh, 1);
        enc = int(dh, 2);
        data = this.inflate(bytes.subarray(body, pos), meta.codec, rawSize);
        if (col.optional) {
          if (int(dh, 3) !== ENC_RLE) throw new RangeError(`definition level encoding ${int(dh, 3)}`);
          const len = readU32(data, 0);
          checkAllDefined(data, 4, 4 + len, n, col.name);
          off = 4 + len;
        }
      } else throw new RangeError(`page type ${type}`);
      if (done + n > rows) throw new RangeError(`column ${col.name}: pages hold more than ${rows} values`);
      if (enc === ENC_PLAIN) {
        if (off + n * width > data.length) throw new RangeError(`column ${col.name}: short data page`);
        this.plain(data, off, n, kind, out, done);
      } else if (enc === ENC_PLAIN_DICTIONARY || enc === ENC_RLE_DICTIONARY) {
        if (dict === undefined) throw new RangeError(`column ${col.name}: dictionary page missing`);
        if (out instanceof Float64Array)
          hybrid(data, off + 1, data.length, data[off]!, n, dict, dictSize, out, done);
        else {
          const wide = scratch(this.wide, 0, 'f64', n) as Float64Array;
          hybrid(data, off + 1, data.length, data[off]!, n, dict, dictSize, wide, 0);
          out.set(wide.subarray(0, n), done);
        }
      } else throw new RangeError(`data encoding ${enc}`);
      done += n;
    }
    return out.subarray(0, rows);
  }

  /** Copies `n` PLAIN values from data[off …] to out[at …]; int64 times widen to doubles of µs. */
  private plain(
    data: Uint8Array,
    off: number,
    n: number,
    kind: ColumnKind,
    out: ColumnArray,
    at: number,
  ): void {
    if (kind !== 'time') {
      const bpe = out.BYTES_PER_ELEMENT;
      new Uint8Array(out.buffer, out.byteOffset + at * bpe, n * bpe).set(data.subarray(off, off + n * bpe));
      return;
    }
    if (this.words.length < 2 * n) this.words = new Int32Array(Math.ceil(2 * n * 1.25));
    new Uint8Array(this.words.buffer, 0, 8 * n).set(data.subarray(off, off + 8 * n));
    widenTimes(this.words, n, (out as Float64Array).subarray(at, at + n));
  }

  /** The page's bytes, decompressed into scratch when the codec says so. */
  private inflate(body: Uint8Array, codec: number, rawSize: number): Uint8Array {
    if (codec === CODEC_UNCOMPRESSED) return body;
    if (snappyLength(body) !== rawSize) throw new RangeError('snappy length differs from the page header');
    if (this.page.length < rawSize) this.page = new Uint8Array(Math.ceil(rawSize * 1.25));
    return this.page.subarray(0, snappyDecompress(body, this.page));
  }
}

/** Scratch array `slot` of `pool`, of the kind's type, at least `len` long. */
function scratch(pool: ColumnArray[], slot: number, kind: ColumnKind, len: number): ColumnArray {
  const have = pool[slot];
  const isF64 = kind !== 'i32';
  if (have !== undefined && have.length >= len && have instanceof Float64Array === isF64) return have;
  const cap = Math.ceil(len * 1.25);
  const made = isF64 ? new Float64Array(cap) : new Int32Array(cap);
  pool[slot] = made;
  return made;
}

/**
 * Decodes `count` dictionary indices of Parquet's RLE/bit-packed hybrid (bit
 * width `bw`, bytes [pos, end)) and writes the values they index to
 * out[at …]: decoding and lookup in one pass, no index buffer.
 */
function hybrid(
  data: Uint8Array,
  pos: number,
  end: number,
  bw: number,
  count: number,
  dict: Float64Array,
  size: number,
  out: Float64Array,
  at: number,
): void {
  const mask = bitMask(bw);
  let n = 0;
  while (n < count) {
    const header = runHeader(data, pos, end);
    pos = runBody;
    if (header % 2 === 0) {
      const m = Math.min(header / 2, count - n);
      out.fill(dict[rleValue(data, pos, bw, size)]!, at + n, at + n + m);
      pos += (bw + 7) >> 3;
      n += m;
    } else {
      const groups = (header - 1) / 2;
      if (pos + groups * bw > end) throw new RangeError('bit-packed run past the end of the page');
      const m = Math.min(groups * 8, count - n);
      // Values are LSB-first; a 4-byte little-endian window holds any value of ≤ 24 bits.
      const base = pos * 8;
      for (let i = 0; i < m; i++) {
        const bit = base + i * bw;
        const b = bit >>> 3;
        const word = data[b]! | (data[b + 1]! << 8) | (data[b + 2]! << 16) | (data[b + 3]! << 24);
        const k = (word >>> (bit & 7)) & mask;
        if (k >= size) throw indexError();
        out[at + n + i] = dict[k]!;
      }
      pos += groups * bw;
      n += m;
    }
  }
}

function bitMask(bw: number): number {
  if (bw > 24) throw new RangeError(`dictionary index bit width ${bw}`);
  return (1 << bw) - 1;
}

/** Where the body of the run whose header `runHeader` read last starts (saves an object per run). */
let runBody = 0;

/** Reads a hybrid run's ULEB128 header at `pos`; sets `runBody`. */
function runHeader(data: Uint8Array, pos: number, end: number): number {
  let header = 0;
  let scale = 1;
  for (;;) {
    if (pos >= end) throw new RangeError('RLE run header past the end of the page');
    const b = data[pos++]!;
    header += (b & 0x7f) * scale;
    if (b < 0x80) break;
    scale *= 128;
  }
  runBody = pos;
  return header;
}

/** The repeated index of an RLE run (little-endian, whole bytes), checked against the dictionary size. */
function rleValue(data: Uint8Array, pos: number, bw: number, size: number): number {
  let k = 0;
  for (let i = 0; i < (bw + 7) >> 3; i++) k |= data[pos + i]! << (8 * i);
  if (k >= size) throw indexError();
  return k;
}

/**
 * Definition levels of a flat OPTIONAL column (bit width 1, in [pos, end))
 * must all be 1: the lake stores NaN, never NULL. Checked run by run,
 * without decoding the levels.
 */
function checkAllDefined(data: Uint8Array, pos: number, end: number, count: number, name: string): void {
  let n = 0;
  while (n < count) {
    const header = runHeader(data, pos, end);
    pos = runBody;
    if (header % 2 === 0) {
      if (data[pos++] !== 1) throw nullError(name);
      n += header / 2;
    } else {
      const groups = (header - 1) / 2;
      if (pos + groups > end) throw new RangeError('definition levels end early');
      const m = Math.min(groups * 8, count - n);
      const full = m >> 3;
      for (let i = 0; i < full; i++) if (data[pos + i] !== 0xff) throw nullError(name);
      const rest = m & 7;
      if (rest > 0 && (data[pos + full]! & ((1 << rest) - 1)) !== (1 << rest) - 1) throw nullError(name);
      pos += groups;
      n += m;
    }
  }
}

function nullError(name: string): Error {
  return new RangeError(`column ${name} holds NULL values; the lake stores NaN instead`);
}

function indexError(): Error {
  return new RangeError('dictionary index out of range');
}

function readU32(b: Uint8Array, at: number): number {
  if (at + 4 > b.length) throw new RangeError('page too short');
  return (b[at]! | (b[at + 1]! << 8) | (b[at + 2]! << 16)) + b[at + 3]! * 16777216;
}

function readFully(fd: number, into: Uint8Array, position: number): void {
  let got = 0;
  while (got < into.length) {
    const n = readSync(fd, into, got, into.length - got, position + got);
    if (n === 0) throw new RangeError('file ended early');
    got += n;
  }
}
