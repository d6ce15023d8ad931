/**
 * Symbols are interned to dense integer ids once, at the edge; hot paths only
 * ever see the ids. A table is an ordinary object (no process-wide singleton),
 * so parallel backtests in one process keep their own.
 */
export class SymbolTable {
  private readonly byName = new Map<string, number>();
  private readonly names: string[] = [];

  constructor(names: Iterable<string> = []) {
    for (const n of names) this.intern(n);
  }

  /** Id of `name`, allocating the next dense id on first sight. */
  intern(name: string): number {
    let id = this.byName.get(name);
    if (id === undefined) {
      id = this.names.length;
      this.names.push(name);
      this.byName.set(name, id);
    }
    return id;
  }

  /** Id of `name`, or -1 when it was never interned. */
  lookup(name: string): number {
    return this.byName.get(name) ?? -1;
  }

  /** Name of id; throws RangeError for an unknown id. */
  name(id: number): string {
    const n = this.names[id];
    if (n === undefined) throw new RangeError(`unknown symbol id ${id}`);
    return n;
  }

  get size(): number {
    return this.names.length;
  }

  /** All names in id order (a copy). */
  list(): string[] {
    return this.names.slice();
  }
}
