import { cpSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AlphaflowError, ErrorCode } from '../core/errors.js';
import { SymbolTable } from '../core/symbols.js';
import { MemoryOnlineStore } from './memoryOnlineStore.js';
import { flushSession, loadState, restoreOnline } from './sessionState.js';

const H = 'feedbeef';

function codeOf(fn: () => unknown): string {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(AlphaflowError);
    return (err as AlphaflowError).code;
  }
  throw new Error('expected a throw');
}

describe('flushSession / loadState', () => {
  let root: string;
  let online: MemoryOnlineStore;
  const syms = new SymbolTable(['AAPL', 'MSFT', 'IBM', 'NEVER']);
  const universe = Int32Array.of(0, 1, 2, 3);
  const engineState = Uint8Array.from({ length: 300 }, (_, i) => (i * 37) & 255);

  beforeEach(async () => {
    root = mkdtempSync(join(tmpdir(), 'af-state-'));
    online = new MemoryOnlineStore();
    await online.update(H, 2);
    await online.writeBatch(
      H,
      Int32Array.of(2, 0, 1),
      Float64Array.of(300, 100, 200),
      Float64Array.of(5, -0, 1, Number.NaN, 3, 4),
    );
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  it('saves vectors and engine bytes under the documented layout and loads them back bit-exactly', async () => {
    const m = await flushSession({
      root,
      fsHash: H,
      date: '2024-03-01',
      online,
      universe,
      symbols: syms,
      engineState,
    });
    const dir = join(root, 'state', `fs=${H}`, 'date=2024-03-01');
    expect(readdirSync(dir).sort()).toEqual(['engine-000001.bin', 'manifest.json', 'online-000001.bin']);
    expect(m.symbols).toEqual(['AAPL', 'MSFT', 'IBM']);
    expect(m.lastEventTime).toBe(300);

    const saved = loadState(root, H)!;
    expect(saved.manifest).toEqual(m);
    expect(Buffer.from(saved.engineState).equals(Buffer.from(engineState))).toBe(true);
    expect(Array.from(saved.eventTimes)).toEqual([100, 200, 300]);
    expect(Array.from(saved.matrix)).toEqual([1, Number.NaN, 3, 4, 5, -0]);
    expect(Object.is(saved.matrix[5], -0)).toBe(true);

    // A new process: another symbol table, an empty online store.
    const table = new SymbolTable(['IBM']);
    const fresh = new MemoryOnlineStore();
    const ids = await restoreOnline(fresh, saved, table);
    expect(Array.from(ids)).toEqual([1, 2, 0]);
    const back = await fresh.read(
      H,
      Int32Array.of(table.lookup('AAPL'), table.lookup('MSFT'), table.lookup('IBM')),
    );
    const orig = await online.read(H, Int32Array.of(0, 1, 2));
    expect(Array.from(back.eventTimes)).toEqual(Array.from(orig.eventTimes));
    expect(Array.from(back.matrix)).toEqual(Array.from(orig.matrix));
  });

  it('a later flush of the same date supersedes the earlier one and removes its files', async () => {
    await flushSession({ root, fsHash: H, date: '2024-03-01', online, universe, symbols: syms, engineState });
    await online.writeBatch(H, Int32Array.of(3), Float64Array.of(400), Float64Array.of(7, 8));
    await flushSession({
      root,
      fsHash: H,
      date: '2024-03-01',
      online,
      universe,
      symbols: syms,
      engineState: Uint8Array.of(1),
    });
    const dir = join(root, 'state', `fs=${H}`, 'date=2024-03-01');
    expect(readdirSync(dir).sort()).toEqual(['engine-000002.bin', 'manifest.json', 'online-000002.bin']);
    const saved = loadState(root, H, '2024-03-01')!;
    expect(Array.from(saved.engineState)).toEqual([1]);
    expect(saved.manifest.symbols).toEqual(['AAPL', 'MSFT', 'IBM', 'NEVER']);
    expect(saved.manifest.lastEventTime).toBe(400);
  });

  it('loads the latest date by default and nothing when no session was saved', async () => {
    expect(loadState(root, H)).toBeUndefined();
    await flushSession({
      root,
      fsHash: H,
      date: '2024-03-01',
      online,
      universe,
      symbols: syms,
      engineState: Uint8Array.of(1),
    });
    await flushSession({
      root,
      fsHash: H,
      date: '2024-03-04',
      online,
      universe,
      symbols: syms,
      engineState: Uint8Array.of(4),
    });
    expect(Array.from(loadState(root, H)!.engineState)).toEqual([4]);
    expect(Array.from(loadState(root, H, '2024-03-01')!.engineState)).toEqual([1]);
    expect(loadState(root, H, '2024-03-02')).toBeUndefined();
    expect(loadState(root, 'otherhash')).toBeUndefined();
  });

  it('ignores uncommitted files from a crashed flush and keeps serving the last commit', async () => {
    await flushSession({ root, fsHash: H, date: '2024-03-01', online, universe, symbols: syms, engineState });
    const dir = join(root, 'state', `fs=${H}`, 'date=2024-03-01');
    // A crash after the data files, before the manifest: orphans and a temp file.
    writeFileSync(join(dir, 'engine-000002.bin'), 'half');
    writeFileSync(join(dir, '.online.bin.tmp-1-1'), 'half');
    expect(Buffer.from(loadState(root, H)!.engineState).equals(Buffer.from(engineState))).toBe(true);
    await flushSession({
      root,
      fsHash: H,
      date: '2024-03-01',
      online,
      universe,
      symbols: syms,
      engineState: Uint8Array.of(9),
    });
    expect(
      readdirSync(dir)
        .filter((f) => f.endsWith('.bin'))
        .sort(),
    ).toEqual(['engine-000003.bin', 'online-000002.bin']);
    expect(Array.from(loadState(root, H)!.engineState)).toEqual([9]);
  });

  it('refuses damaged or foreign state with typed errors', async () => {
    await flushSession({ root, fsHash: H, date: '2024-03-01', online, universe, symbols: syms, engineState });
    const dir = join(root, 'state', `fs=${H}`, 'date=2024-03-01');
    cpSync(join(root, 'state', `fs=${H}`), join(root, 'state', 'fs=other'), { recursive: true });
    expect(codeOf(() => loadState(root, 'other'))).toBe(ErrorCode.FeatureSetMismatch);
    writeFileSync(join(dir, 'engine-000001.bin'), Buffer.alloc(300));
    expect(codeOf(() => loadState(root, H))).toBe(ErrorCode.CorruptFile);
    rmSync(join(dir, 'engine-000001.bin'));
    expect(codeOf(() => loadState(root, H))).toBe(ErrorCode.CorruptFile);
    writeFileSync(join(dir, 'manifest.json'), '{');
    expect(codeOf(() => loadState(root, H))).toBe(ErrorCode.CorruptFile);
    expect(codeOf(() => loadState(root, H, '1 March'))).toBe(ErrorCode.InvalidInput);
  });
});
