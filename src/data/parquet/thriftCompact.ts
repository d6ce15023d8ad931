/**
 * Reader of Thrift's compact protocol, the encoding of Parquet footers and
 * page headers. Hand-written: the maintained JS Parquet readers keep theirs
 * internal, and only the decoding side is needed. Structs come back as maps
 * from field id to value; integers as JS numbers (exact below 2^53, which
 * holds for every size, offset and count in a Parquet file).
 */

export type ThriftValue = number | boolean | Uint8Array | ThriftStruct | ThriftValue[];
/** A struct: field id → value. */
export type ThriftStruct = Map<number, ThriftValue>;

const T_TRUE = 1;
const T_FALSE = 2;
const T_BYTE = 3;
const T_I16 = 4;
const T_I32 = 5;
const T_I64 = 6;
const T_DOUBLE = 7;
const T_BINARY = 8;
const T_LIST = 9;
const T_SET = 10;
const T_MAP = 11;
const T_STRUCT = 12;

/** A cursor over compact-protocol bytes; throws a RangeError on reading past the end. */
export class ThriftReader {
  pos: number;

  constructor(
    private readonly bytes: Uint8Array,
    start = 0,
    private readonly end = bytes.length,
  ) {
    this.pos = start;
  }

  /** Reads one struct (up to and including its STOP byte). */
  readStruct(): ThriftStruct {
    const s: ThriftStruct = new Map();
    let id = 0;
    for (;;) {
      const head = this.byte();
      if (head === 0) return s;
      const type = head & 0x0f;
      const delta = head >> 4;
      id = delta === 0 ? this.zigzag() : id + delta;
      s.set(id, this.value(type));
    }
  }

  private value(type: number): ThriftValue {
    switch (type) {
      case T_TRUE:
        return true;
      case T_FALSE:
        return false;
      case T_BYTE:
        return (this.byte() << 24) >> 24;
      case T_I16:
      case T_I32:
      case T_I64:
        return this.zigzag();
      case T_DOUBLE: {
        const v = new DataView(this.bytes.buffer, this.bytes.byteOffset + this.take(8), 8).getFloat64(
          0,
          true,
        );
        return v;
      }
      case T_BINARY: {
        const n = this.varint();
        const at = this.take(n);
        return this.bytes.subarray(at, at + n);
      }
      case T_LIST:
      case T_SET: {
        const head = this.byte();
        const n = head >> 4 === 15 ? this.varint() : head >> 4;
        const elem = head & 0x0f;
        const out: ThriftValue[] = [];
        // Booleans inside a collection take a byte each (1 = true).
        for (let i = 0; i < n; i++)
          out.push(elem === T_TRUE || elem === T_FALSE ? this.byte() === 1 : this.value(elem));
        return out;
      }
      case T_MAP: {
        const n = this.varint();
        const out: ThriftValue[] = [];
        if (n === 0) return out;
        const kv = this.byte();
        for (let i = 0; i < n; i++) out.push([this.value(kv >> 4), this.value(kv & 0x0f)]);
        return out;
      }
      case T_STRUCT:
        return this.readStruct();
      default:
        throw new RangeError(`thrift: unknown compact type ${type} at byte ${this.pos}`);
    }
  }

  private byte(): number {
    return this.bytes[this.take(1)]!;
  }

  /** Advances by n bytes; returns where they start. */
  private take(n: number): number {
    const at = this.pos;
    if (at + n > this.end)
      throw new RangeError(`thrift: read past the end (byte ${at} + ${n} of ${this.end})`);
    this.pos = at + n;
    return at;
  }

  private varint(): number {
    let v = 0;
    let scale = 1;
    for (;;) {
      const b = this.byte();
      v += (b & 0x7f) * scale;
      if (b < 0x80) return v;
      scale *= 128;
      if (scale > 2 ** 63) throw new RangeError(`thrift: varint too long at byte ${this.pos}`);
    }
  }

  private zigzag(): number {
    const u = this.varint();
    return u % 2 === 0 ? u / 2 : -(u + 1) / 2;
  }
}

/** Field `id` of `s` as a number (or `fallback` when absent); throws when it is something else. */
export function int(s: ThriftStruct, id: number, fallback?: number): number {
  const v = s.get(id);
  if (v === undefined && fallback !== undefined) return fallback;
  if (typeof v !== 'number') throw new RangeError(`thrift: field ${id} is not an integer`);
  return v;
}

/** Field `id` of `s` as a struct, or undefined when absent. */
export function struct(s: ThriftStruct, id: number): ThriftStruct | undefined {
  const v = s.get(id);
  if (v === undefined) return undefined;
  if (!(v instanceof Map)) throw new RangeError(`thrift: field ${id} is not a struct`);
  return v;
}

/** Field `id` of `s` as a list (empty when absent). */
export function list(s: ThriftStruct, id: number): ThriftValue[] {
  const v = s.get(id);
  if (v === undefined) return [];
  if (!Array.isArray(v)) throw new RangeError(`thrift: field ${id} is not a list`);
  return v;
}

/** Field `id` of `s` as UTF-8 text, or undefined when absent. */
export function text(s: ThriftStruct, id: number): string | undefined {
  const v = s.get(id);
  if (v === undefined) return undefined;
  if (!(v instanceof Uint8Array)) throw new RangeError(`thrift: field ${id} is not binary`);
  return utf8.decode(v);
}

const utf8 = new TextDecoder();
