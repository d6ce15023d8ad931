import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { runCli } from '../runCli.testkit.js';
import { registerFeatureCommands } from './features.js';

const REFVEC = join(import.meta.dirname, '../../../../shared/refvec');
const dirs: string[] = [];

function tempDir(): string {
  const d = mkdtempSync(join(tmpdir(), 'af-features-'));
  dirs.push(d);
  return d;
}

afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
  vi.restoreAllMocks();
  process.exitCode = undefined;
});

async function run(args: string[]): Promise<string> {
  const r = await runCli([registerFeatureCommands], args);
  if (r.exitCode !== undefined) process.exitCode = r.exitCode;
  return r.stdout;
}

function readCsv(path: string): { header: string[]; rows: string[][] } {
  const lines = readFileSync(path, 'utf8').trimEnd().split('\n');
  return { header: lines[0]!.split(','), rows: lines.slice(1).map((l) => l.split(',')) };
}

describe('alphaflow features compute', () => {
  it("matches TTR's RSI and MACD on the TTR test series, with the input timestamps", async () => {
    const out = join(tempDir(), 'out.csv');
    const input = join(REFVEC, 'data/ttrc_SYNTHETIC_ohlcv.csv');
    const stdout = await run([
      'features',
      'compute',
      '--input',
      input,
      '--features',
      'rsi:14,macd:12:26:9',
      '--out',
      out,
      '--json',
    ]);
    const summary = JSON.parse(stdout);
    expect(summary).toMatchObject({ rows: 5550, columns: 4, symbols: 1 });
    const got = readCsv(out);
    expect(got.header).toEqual([
      'timestamp',
      'rsi:14',
      'macd:12:26:9:0.macd',
      'macd:12:26:9:0.signal',
      'macd:12:26:9:0.hist',
    ]);
    const rsi = readCsv(join(REFVEC, 'indicators/ttrc_SYNTHETIC/rsi_14.csv'));
    const macd = readCsv(join(REFVEC, 'indicators/ttrc_SYNTHETIC/macd_12_26_9_abs.csv'));
    const close = (a: string, b: string) => {
      if (b === 'NaN') return a === 'NaN';
      const x = Number(a);
      const y = Number(b);
      return Math.abs(x - y) <= 1e-9 * Math.max(1, Math.abs(y));
    };
    const bad: string[] = [];
    for (let i = 0; i < 5550; i++) {
      const row = got.rows[i]!;
      if (row[0] !== rsi.rows[i]![0]) bad.push(`timestamp row ${i}: ${row[0]}`);
      if (!close(row[1]!, rsi.rows[i]![1]!)) bad.push(`rsi row ${i}: ${row[1]} vs ${rsi.rows[i]![1]}`);
      for (let k = 1; k <= 3; k++)
        if (!close(row[1 + k]!, macd.rows[i]![k]!)) bad.push(`macd row ${i} col ${k}`);
    }
    expect(bad).toEqual([]);
  });

  it('writes a symbol column for a multi-symbol file and keeps one symbol with --symbol', async () => {
    const dir = tempDir();
    const input = join(dir, 'bars.csv');
    writeFileSync(
      input,
      [
        'timestamp,symbol,open,high,low,close,volume',
        '2024-01-02T14:30:00Z,AAA,10,11,9,10,100',
        '2024-01-02T14:31:00Z,AAA,10,11,9,11,100',
        '2024-01-02T14:30:00Z,BBB,20,21,19,20,100',
        '2024-01-02T14:31:00Z,BBB,20,21,19,22,100',
      ].join('\n'),
    );
    const all = join(dir, 'all.csv');
    await run(['features', 'compute', '--input', input, '--features', 'logret:1', '--out', all]);
    expect(readCsv(all).rows.map((r) => r.join(','))).toEqual([
      `AAA,2024-01-02T14:30:00Z,NaN`,
      `AAA,2024-01-02T14:31:00Z,${Math.log(11) - Math.log(10)}`,
      `BBB,2024-01-02T14:30:00Z,NaN`,
      `BBB,2024-01-02T14:31:00Z,${Math.log(22) - Math.log(20)}`,
    ]);
    const one = join(dir, 'one.csv');
    await run([
      'features',
      'compute',
      '--input',
      input,
      '--features',
      'logret:1',
      '--out',
      one,
      '--symbol',
      'BBB',
    ]);
    expect(readCsv(one).header).toEqual(['timestamp', 'logret:1']);
    expect(readCsv(one).rows.length).toBe(2);
  });

  it('fails with a typed error for an unknown feature and writes nothing', async () => {
    const out = join(tempDir(), 'out.csv');
    const stdout = await run([
      'features',
      'compute',
      '--input',
      join(REFVEC, 'data/msft_daily_ohlcv.csv'),
      '--features',
      'nope:3',
      '--out',
      out,
      '--json',
    ]);
    expect(JSON.parse(stdout).error.code).toBe('E_UNKNOWN_FEATURE');
    expect(process.exitCode).toBe(2);
    expect(() => readFileSync(out)).toThrow();
  });
});
