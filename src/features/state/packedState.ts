/**
 * The state of one indicator as one run of float64 slots: the indicator's own
 * slots first, then its building blocks bound right after them, laid out
 * exactly as the snapshot body, so snapshot and restore are copies of the run
 * (after the blocks wrote their field-held integers into it). `moveState`
 * relocates the run into a larger array: the engine packs every indicator of
 * a symbol stream into one array, so one bar of one symbol touches one
 * contiguous run of memory instead of a hundred separately allocated arrays.
 */
import { decodeState, encodeState, type Stateful, stateKind } from './snapshotCodec.js';

/** The state before `pack` (shared: nothing is ever written to it). */
const NO_SLOTS = new Float64Array(0);

export abstract class PackedState {
  /** Canonical token, e.g. 'rsi:14': seeds the snapshot kind and names the indicator in errors. */
  readonly token: string;
  /** Slots of the whole state (own slots + parts). */
  stateSize = 0;
  /** The state's slots: an array of its own, or once moved a view of its region of a larger one. */
  protected state: Float64Array = NO_SLOTS;
  /** Slot of output 0 in the state; the outputs are consecutive and current after every update. */
  outputSlot = 0;
  /** Leading slots a snapshot covers; the rest is derived (rebuilt by `restored`). */
  protected snapshotSlots = 0;
  private readonly kind: number;
  private parts: readonly Stateful[] = [];
  /** Where each part starts in the state. */
  private partAt: readonly number[] = [];

  constructor(token: string) {
    this.token = token;
    this.kind = stateKind(token);
  }

  /** Lays out `own` plain slots followed by `parts`; called once, at the end of the constructor. */
  protected pack(own: number, parts: readonly Stateful[]): void {
    const partAt: number[] = [];
    let size = own;
    for (const p of parts) {
      partAt.push(size);
      size += p.stateSize;
    }
    this.stateSize = size;
    this.snapshotSlots = size;
    this.state = new Float64Array(size);
    this.parts = parts;
    this.partAt = partAt;
    for (let i = 0; i < parts.length; i++) parts[i]!.bind(this.state, partAt[i]!);
  }

  /** Moves the whole state into arena[at .. at + stateSize) (values kept); the indicator works there from now on. */
  moveState(arena: Float64Array, at: number): void {
    arena.set(this.state, at);
    this.state = arena.subarray(at, at + this.stateSize);
    for (let i = 0; i < this.parts.length; i++) this.parts[i]!.bind(arena, at + this.partAt[i]!);
    this.moved();
  }

  /** Compact byte form of the state (restore() on a fresh instance continues exactly). */
  snapshot(): Uint8Array {
    this.beforeSnapshot();
    for (let i = 0; i < this.parts.length; i++) this.parts[i]!.save(this.state, this.partAt[i]!);
    return encodeState(this.kind, [this.state.subarray(0, this.snapshotSlots)]);
  }

  /** Restores a `snapshot` of the same token; throws E_CORRUPT_FILE before touching anything otherwise. */
  restore(bytes: Uint8Array): void {
    decodeState(this.kind, bytes, [this.state.subarray(0, this.snapshotSlots)], this.token);
    for (let i = 0; i < this.parts.length; i++) this.parts[i]!.load(this.state, this.partAt[i]!);
    this.restored();
  }

  /** Re-derives anything that points into the state array (after `moveState`). */
  protected moved(): void {}

  /** Writes field-held state into its slots before a snapshot. */
  protected beforeSnapshot(): void {}

  /** Re-derives field-held and non-snapshot state after a restore. */
  protected restored(): void {}

  /** Resets every part; the own slots are the subclass's to reset. */
  protected resetParts(): void {
    for (const p of this.parts) p.reset();
  }
}
