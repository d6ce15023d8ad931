import { describe, expect, it } from 'vitest';
import { QuoteFrame } from './quoteFrame.js';
import { SymbolTable } from './symbols.js';

function sample(): QuoteFrame {
  const symbols = new SymbolTable(['AAA', 'BBB', 'CCC']);
  const q = QuoteFrame.allocate(symbols, 5);
  const rows: Array<[number, number, number, number]> = [
    [0, 1, 10, 10.1],
    [0, 2, 10.05, 10.15],
    [2, 1, 50, 50.2],
    [2, 2, 50.1, 50.3],
    [2, 3, 50.2, 50.4],
  ];
  rows.forEach(([s, ts, bid, ask], i) => {
    q.symbol[i] = s;
    q.ts[i] = ts;
    q.bid[i] = bid;
    q.ask[i] = ask;
    q.bidSize[i] = 100 * (i + 1);
    q.askSize[i] = 200;
    q.knownAt[i] = ts;
  });
  return q;
}

describe('QuoteFrame', () => {
  it('views one symbol without copying', () => {
    const q = sample();
    const c = q.forSymbol(2);
    expect(c.length).toBe(3);
    expect(Array.from(c.ts)).toEqual([1, 2, 3]);
    expect(c.bid.buffer).toBe(q.bid.buffer);
    c.ask[0] = 99;
    expect(q.ask[2]).toBe(99);
  });

  it('returns an empty view for an absent symbol', () => {
    expect(sample().forSymbol(1).length).toBe(0);
    expect(sample().symbolRange(1)).toEqual([2, 2]);
  });

  it('materialises one row as a Quote', () => {
    expect(sample().quote(1)).toEqual({
      symbol: 'AAA',
      ts: 2,
      bid: 10.05,
      ask: 10.15,
      bidSize: 200,
      askSize: 200,
      knownAt: 2,
    });
  });

  it('rejects columns of different lengths', () => {
    const q = sample();
    expect(() => new QuoteFrame(q.symbols, { ...q, askSize: new Float64Array(4) })).toThrow(RangeError);
  });
});
