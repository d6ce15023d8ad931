/**
 * Interns symbol cells straight from CSV bytes: an open-addressing hash table
 * keyed by the raw bytes, so a row costs a hash and a byte compare, and a
 * string is decoded only the first time a symbol is seen.
 */
import type { SymbolTable } from '../../core/symbols.js';

const SPACE = 32;
const QUOTE = 34;

/** Byte-keyed front of a SymbolTable; ids are the table's ids. */
export class ByteSymbolInterner {
  private slots = new Int32Array(64).fill(-1);
  private keys: Uint8Array[] = [];
  private ids: number[] = [];
  private scratch = new Uint8Array(64);

  constructor(readonly table: SymbolTable) {}

  /** Table id of the symbol in buf[s, e) (surrounding spaces ignored; `escaped`: turn `""` into `"`). */
  id(buf: Uint8Array, s: number, e: number, escaped: boolean): number {
    while (s < e && buf[s] === SPACE) s++;
    while (e > s && buf[e - 1] === SPACE) e--;
    let src = buf;
    if (escaped) {
      e = this.unescape(buf, s, e);
      s = 0;
      src = this.scratch;
    }
    const mask = this.slots.length - 1;
    let slot = hashBytes(src, s, e) & mask;
    for (;;) {
      const k = this.slots[slot]!;
      if (k < 0) return this.insert(src, s, e, slot);
      if (sameBytes(this.keys[k]!, src, s, e)) return this.ids[k]!;
      slot = (slot + 1) & mask;
    }
  }

  /** Copies buf[s, e) into `scratch` with `""` → `"`; returns the copied length. */
  private unescape(buf: Uint8Array, s: number, e: number): number {
    if (this.scratch.length < e - s) this.scratch = new Uint8Array(2 * (e - s));
    let n = 0;
    for (let i = s; i < e; i++) {
      this.scratch[n++] = buf[i]!;
      if (buf[i] === QUOTE && buf[i + 1] === QUOTE) i++;
    }
    return n;
  }

  private insert(src: Uint8Array, s: number, e: number, slot: number): number {
    // A copy: `src` may be a Buffer, whose slice() is a view into the reused read buffer.
    const key = Uint8Array.prototype.slice.call(src, s, e);
    const id = this.table.intern(Buffer.from(key.buffer, key.byteOffset, key.length).toString('utf8'));
    const k = this.keys.length;
    this.keys.push(key);
    this.ids.push(id);
    this.slots[slot] = k;
    if (this.keys.length * 2 > this.slots.length) this.rehash();
    return id;
  }

  private rehash(): void {
    const slots = new Int32Array(this.slots.length * 2).fill(-1);
    const mask = slots.length - 1;
    for (let k = 0; k < this.keys.length; k++) {
      const key = this.keys[k]!;
      let slot = hashBytes(key, 0, key.length) & mask;
      while (slots[slot]! >= 0) slot = (slot + 1) & mask;
      slots[slot] = k;
    }
    this.slots = slots;
  }
}

/** 32-bit FNV-1a of buf[s, e). */
function hashBytes(buf: Uint8Array, s: number, e: number): number {
  let h = 0x811c9dc5;
  for (let i = s; i < e; i++) h = Math.imul(h ^ buf[i]!, 0x01000193);
  return h;
}

function sameBytes(key: Uint8Array, buf: Uint8Array, s: number, e: number): boolean {
  if (key.length !== e - s) return false;
  for (let i = 0; i < key.length; i++) if (key[i] !== buf[s + i]) return false;
  return true;
}
