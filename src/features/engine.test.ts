import { describe, expect, it } from 'vitest';
import { ErrorCode } from '../core/errors.js';
import { computeFeatures } from './batch.js';
import { randomInputs } from './context/indicatorChecks.js';
import { FeatureEngine } from './engine.js';
import { randomMarket } from './featureFixtures.js';
import { resolveFeatureSet } from './featureSet.js';
import { emptyFeatureInput, type FeatureInput, type Indicator } from './indicator.js';
import { Rsi } from './indicators/oscillators.js';
import { InputBlock } from './inputBlock.js';
import { createIndicator } from './registry.js';

const SET = {
  name: 'engine-test',
  version: 1,
  features: ['rsi:5', 'macd:3:6:2.hist', 'bbands:5:2', 'mktret:1', 'beta:5', 'tod'],
};

function bars(symbolId: number, seed: number, n: number): FeatureInput[] {
  return randomInputs(seed, n).map((b) => ({ ...b, symbolId }));
}

function codeOf(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (err) {
    return (err as { code?: string }).code;
  }
  return undefined;
}

/** Feeds bars through one reused input object; returns a copy of each row. */
function feed(engine: FeatureEngine, stream: readonly FeatureInput[]): Float64Array[] {
  const input = emptyFeatureInput();
  return stream.map((b) => {
    Object.assign(input, b);
    return engine.update(b.symbolId, input).slice();
  });
}

describe('FeatureEngine.update', () => {
  it('writes each selected output of each indicator, in column order', () => {
    const stream = bars(3, 1, 60);
    const rows = feed(new FeatureEngine(SET), stream);
    const solo = SET.features.map((t) => createIndicator(t.split('.')[0]!));
    const input = emptyFeatureInput();
    stream.forEach((b, i) => {
      Object.assign(input, b);
      for (const ind of solo) ind.update(input);
      const expected = [
        solo[0]!.value(0),
        solo[1]!.value(2),
        ...[0, 1, 2, 3, 4].map((k) => solo[2]!.value(k)),
        solo[3]!.value(0),
        solo[4]!.value(0),
        solo[5]!.value(0),
      ];
      expect(Array.from(rows[i]!)).toEqual(expected);
    });
  });

  it('writes into a caller row at an offset', () => {
    const engine = new FeatureEngine(SET);
    const out = new Float64Array(3 * engine.width).fill(-7);
    const input = { ...bars(0, 2, 1)[0]! };
    expect(engine.update(0, input, out, engine.width)).toBe(out);
    expect(out[0]).toBe(-7);
    expect(out[2 * engine.width]).toBe(-7);
    expect(out[engine.width + engine.width - 1]).toBe(0); // tod of the session's first bar
  });

  it('keeps symbols independent: interleaving gives the same rows as separate runs', () => {
    const a = bars(1, 3, 40);
    const b = bars(4, 4, 40).map((x) => ({ ...x, ts: x.ts + 1 }));
    const alone = [...feed(new FeatureEngine(SET), a), ...feed(new FeatureEngine(SET), b)];
    const mixed = feed(
      new FeatureEngine(SET),
      a.flatMap((x, i) => [x, b[i]!]),
    );
    expect(mixed.filter((_, i) => i % 2 === 0)).toEqual(alone.slice(0, 40));
    expect(mixed.filter((_, i) => i % 2 === 1)).toEqual(alone.slice(40));
  });
});

describe('FeatureEngine input rules', () => {
  const ok = () => ({ ...bars(2, 5, 3)[2]! });

  it('rejects duplicate and older event times per symbol, leaving the state untouched', () => {
    const stream = bars(2, 6, 30);
    const clean = feed(new FeatureEngine(SET), stream);
    const engine = new FeatureEngine(SET);
    feed(engine, stream.slice(0, 10));
    expect(codeOf(() => engine.update(2, { ...stream[9]! }))).toBe(ErrorCode.OutOfOrder);
    expect(codeOf(() => engine.update(2, { ...stream[4]! }))).toBe(ErrorCode.OutOfOrder);
    expect(engine.lastEventTime(2)).toBe(stream[9]!.ts);
    expect(feed(engine, stream.slice(10))).toEqual(clean.slice(10));
    // Another symbol may use the same time.
    expect(() => engine.update(5, { ...stream[4]!, symbolId: 5 })).not.toThrow();
  });

  it('rejects non-finite and non-positive prices, negative or infinite volume, and a mismatched symbol id', () => {
    const engine = new FeatureEngine(SET);
    expect(codeOf(() => engine.update(2, { ...ok(), close: Number.NaN }))).toBe(ErrorCode.NonFinite);
    expect(codeOf(() => engine.update(2, { ...ok(), high: Number.POSITIVE_INFINITY }))).toBe(
      ErrorCode.NonFinite,
    );
    expect(codeOf(() => engine.update(2, { ...ok(), ts: Number.NaN }))).toBe(ErrorCode.NonFinite);
    expect(codeOf(() => engine.update(2, { ...ok(), low: 0 }))).toBe(ErrorCode.NegativePrice);
    expect(codeOf(() => engine.update(2, { ...ok(), volume: -1 }))).toBe(ErrorCode.InvalidInput);
    expect(codeOf(() => engine.update(2, { ...ok(), volume: Number.POSITIVE_INFINITY }))).toBe(
      ErrorCode.InvalidInput,
    );
    expect(codeOf(() => engine.update(3, ok()))).toBe(ErrorCode.InvalidInput);
    expect(Number.isNaN(engine.lastEventTime(2))).toBe(true);
  });

  it('accepts zero and unknown volume and gaps in time', () => {
    const engine = new FeatureEngine(SET);
    const [a, b] = bars(2, 7, 2);
    expect(() => engine.update(2, { ...a!, volume: 0 })).not.toThrow();
    expect(() => engine.update(2, { ...b!, ts: b!.ts + 86_400_000_000, volume: Number.NaN })).not.toThrow();
  });
});

describe('FeatureEngine.updateRows', () => {
  it('writes the rows update writes, whatever the block boundaries', () => {
    const stream = bars(4, 21, 90);
    const clean = feed(new FeatureEngine(SET), stream);
    const engine = new FeatureEngine(SET);
    const cols = InputBlock.fromInputs(stream);
    const out = new Float64Array(stream.length * engine.width);
    for (const [a, b] of [
      [0, 1],
      [1, 7],
      [7, 90],
    ] as const)
      engine.updateRows(4, cols, a, b, out, a * engine.width);
    for (let i = 0; i < stream.length; i++)
      expect(Array.from(out.subarray(i * engine.width, (i + 1) * engine.width))).toEqual(
        Array.from(clean[i]!),
      );
    expect(engine.lastEventTime(4)).toBe(stream[89]!.ts);
  });

  it("refuses a block holding a bad bar with that bar's error, before any state changes", () => {
    const stream = bars(4, 22, 40);
    const clean = feed(new FeatureEngine(SET), stream);
    const engine = new FeatureEngine(SET);
    feed(engine, stream.slice(0, 10));
    const before = engine.snapshot();
    const block = stream.slice(10, 20).map((b) => ({ ...b }));
    block[6]!.close = -1;
    const out = new Float64Array(10 * engine.width);
    expect(codeOf(() => engine.updateRows(4, InputBlock.fromInputs(block), 0, 10, out, 0))).toBe(
      ErrorCode.NegativePrice,
    );
    const late = stream.slice(10, 20).map((b) => ({ ...b }));
    late[3]!.ts = late[2]!.ts;
    expect(codeOf(() => engine.updateRows(4, InputBlock.fromInputs(late), 0, 10, out, 0))).toBe(
      ErrorCode.OutOfOrder,
    );
    expect(
      codeOf(() => engine.updateRows(5, InputBlock.fromInputs(stream.slice(10, 20)), 0, 10, out, 0)),
    ).toBe(ErrorCode.InvalidInput);
    expect(engine.snapshot()).toEqual(before);
    expect(feed(engine, stream.slice(10))).toEqual(clean.slice(10));
  });
});

describe('FeatureEngine snapshot/restore', () => {
  it('continues every symbol bit-identically after a restore into a fresh engine', () => {
    const streams = [bars(0, 8, 80), bars(3, 9, 80), bars(9, 10, 80)];
    const timeline = streams[0]!.flatMap((_, i) => streams.map((s) => s[i]!));
    const whole = feed(new FeatureEngine(SET), timeline);
    const first = new FeatureEngine(SET);
    feed(first, timeline.slice(0, 100));
    const resumed = new FeatureEngine(SET);
    resumed.restore(first.snapshot());
    expect(resumed.lastEventTime(3)).toBe(first.lastEventTime(3));
    const rest = feed(resumed, timeline.slice(100));
    rest.forEach((row, i) => {
      const w = whole[100 + i]!;
      for (let k = 0; k < row.length; k++)
        expect(Object.is(row[k], w[k]), `row ${100 + i} col ${k}`).toBe(true);
    });
    expect(resumed.isReady(9)).toBe(true);
    expect(resumed.isReady(1)).toBe(false);
  });

  it('refuses another feature set with E_FEATURE_SET_MISMATCH and damaged bytes with E_CORRUPT_FILE, keeping its state', () => {
    const engine = new FeatureEngine(SET);
    feed(engine, bars(1, 11, 20));
    const bytes = engine.snapshot();
    const other = new FeatureEngine({ ...SET, features: ['rsi:6'] });
    expect(codeOf(() => other.restore(bytes))).toBe(ErrorCode.FeatureSetMismatch);
    const target = new FeatureEngine(SET);
    feed(target, bars(1, 12, 5));
    const before = target.snapshot();
    expect(codeOf(() => target.restore(bytes.subarray(0, bytes.length - 3)))).toBe(ErrorCode.CorruptFile);
    const flipped = bytes.slice();
    flipped[0] = 0;
    expect(codeOf(() => target.restore(flipped))).toBe(ErrorCode.CorruptFile);
    expect(target.snapshot()).toEqual(before);
  });

  it('assertFeatureSetHash accepts its own hash and refuses any other', () => {
    const engine = new FeatureEngine(SET);
    expect(() => engine.assertFeatureSetHash(engine.hash)).not.toThrow();
    expect(codeOf(() => engine.assertFeatureSetHash('0'.repeat(64)))).toBe(ErrorCode.FeatureSetMismatch);
  });
});

/** An indicator that keeps its own state (not a PackedState): delegates to a built-in. */
class OwnState implements Indicator {
  constructor(private readonly inner: Indicator) {}
  get outputs(): readonly string[] {
    return this.inner.outputs;
  }
  get ready(): boolean {
    return this.inner.ready;
  }
  update(input: FeatureInput): void {
    this.inner.update(input);
  }
  value(k = 0): number {
    return this.inner.value(k);
  }
  write(out: Float64Array, offset: number): void {
    this.inner.write(out, offset);
  }
  snapshot(): Uint8Array {
    return this.inner.snapshot();
  }
  restore(bytes: Uint8Array): void {
    this.inner.restore(bytes);
  }
  reset(): void {
    this.inner.reset();
  }
}

describe('indicators that keep their own state', () => {
  it('go through write() in the engine and in batch mode, with the same values as built-ins', () => {
    const plain = resolveFeatureSet(SET);
    // bbands (a partial selection) and beta keep their own state here.
    const foreign = {
      ...plain,
      features: plain.features.map((f) =>
        f.token.startsWith('bbands') || f.token.startsWith('beta')
          ? { ...f, create: () => new OwnState(f.create()) }
          : f,
      ),
    };
    const stream = bars(3, 13, 80);
    expect(feed(new FeatureEngine(foreign), stream)).toEqual(feed(new FeatureEngine(plain), stream));
    const m = randomMarket({ seed: 5, stocks: 3, sectors: 1, sessions: 1 });
    const a = computeFeatures(m.frame, foreign, m.context).values;
    const b = computeFeatures(m.frame, plain, m.context).values;
    expect(a.every((x, i) => Object.is(x, b[i]))).toBe(true);
  });
});

describe('features whose instances differ in class', () => {
  it('runs each instance of its own class when the instances of one feature differ in class', () => {
    const plain = resolveFeatureSet(SET);
    let wrappedRuns = 0;
    class CountingRsi extends Rsi {
      override run(...args: Parameters<Rsi['run']>): void {
        wrappedRuns++;
        super.run(...args);
      }
    }
    let made = 0;
    const mixed = {
      ...plain,
      features: plain.features.map((f) =>
        f.token.startsWith('rsi')
          ? { ...f, create: () => (made++ === 1 ? new CountingRsi(f.token, 5) : f.create()) }
          : f,
      ),
    };
    const stream = [...bars(3, 14, 40), ...bars(4, 15, 40)];
    expect(feed(new FeatureEngine(mixed), stream)).toEqual(feed(new FeatureEngine(plain), stream));
    // The layout's probe was made first, so symbol 3 got the counting class.
    expect(wrappedRuns).toBe(40);
  });
});
