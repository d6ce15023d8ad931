/**
 * Snapshot bytes for incremental feature state. An indicator's whole state is
 * a list of parts (plain Float64Arrays or `Stateful` building blocks); a
 * snapshot is a small header followed by every part's float64 slots in order.
 * The header's `kind` is a hash of the indicator's canonical token, so bytes
 * from another indicator or another parameterisation fail loudly on restore.
 *
 * Grammar (native byte order, little-endian on every supported platform):
 *   u8   version      = 1
 *   u8   reserved     = 0
 *   u16  reserved     = 0
 *   u32  kind         = stateKind(token)
 *   f64  slots[N]     parts in order; N = Σ part sizes
 */
import { DataError, ErrorCode } from '../../core/errors.js';

/** A building block whose state can be written to / read from float64 slots. */
export interface Stateful {
  /** Number of float64 slots `save` writes and `load` reads. */
  readonly stateSize: number;
  /** Writes the state into dst[at .. at + stateSize). */
  save(dst: Float64Array, at: number): void;
  /** Reads the state from src[at .. at + stateSize). */
  load(src: Float64Array, at: number): void;
  /** Moves the state into arena[at .. at + stateSize) (values kept) and works there from now on. */
  bind(arena: Float64Array, at: number): void;
  /** Back to the just-constructed state. */
  reset(): void;
}

/** One piece of snapshot state: a raw Float64Array (copied whole) or a Stateful block. */
export type StatePart = Float64Array | Stateful;

const VERSION = 1;
const HEADER_BYTES = 8;

/** 32-bit FNV-1a hash of a canonical token (e.g. 'macd:12:26:9:0'): the snapshot kind. */
export function stateKind(token: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < token.length; i++) {
    h ^= token.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** Total float64 slots of `parts`. */
export function stateSlots(parts: readonly StatePart[]): number {
  let n = 0;
  for (const p of parts) n += p instanceof Float64Array ? p.length : p.stateSize;
  return n;
}

/** Packs `parts` behind a version/kind header into fresh bytes. */
export function encodeState(kind: number, parts: readonly StatePart[]): Uint8Array {
  const slots = stateSlots(parts);
  const buf = new ArrayBuffer(HEADER_BYTES + 8 * slots);
  const head = new Uint32Array(buf, 0, 2);
  head[0] = VERSION;
  head[1] = kind >>> 0;
  const body = new Float64Array(buf, HEADER_BYTES, slots);
  let at = 0;
  for (const p of parts) {
    if (p instanceof Float64Array) {
      body.set(p, at);
      at += p.length;
    } else {
      p.save(body, at);
      at += p.stateSize;
    }
  }
  return new Uint8Array(buf);
}

/**
 * Restores `parts` from bytes made by `encodeState` for the same kind and part
 * sizes; throws E_CORRUPT_FILE (naming `what`) on a version, kind or length
 * mismatch, before touching any part.
 */
export function decodeState(
  kind: number,
  bytes: Uint8Array,
  parts: readonly StatePart[],
  what: string,
): void {
  const slots = stateSlots(parts);
  const expected = HEADER_BYTES + 8 * slots;
  const rule = 'snapshot restored into the indicator and parameters that made it';
  if (bytes.byteLength !== expected) {
    throw new DataError(
      ErrorCode.CorruptFile,
      `${what} snapshot has ${bytes.byteLength} bytes, expected ${expected}`,
      {
        rule,
      },
    );
  }
  // Copy first: `bytes` may be a view at an offset that is not 8-byte aligned.
  const buf = new ArrayBuffer(expected);
  new Uint8Array(buf).set(bytes);
  const head = new Uint32Array(buf, 0, 2);
  if ((head[0]! & 0xff) !== VERSION) {
    throw new DataError(
      ErrorCode.CorruptFile,
      `${what} snapshot has version ${head[0]! & 0xff}, expected ${VERSION}`,
      {
        rule,
      },
    );
  }
  if (head[1] !== kind >>> 0) {
    throw new DataError(
      ErrorCode.CorruptFile,
      `${what} snapshot was made by another indicator or parameters`,
      {
        rule,
      },
    );
  }
  const body = new Float64Array(buf, HEADER_BYTES, slots);
  let at = 0;
  for (const p of parts) {
    if (p instanceof Float64Array) {
      p.set(body.subarray(at, at + p.length));
      at += p.length;
    } else {
      p.load(body, at);
      at += p.stateSize;
    }
  }
}
