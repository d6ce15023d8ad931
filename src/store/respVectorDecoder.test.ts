import { describe, expect, it } from 'vitest';
import { type AlphaflowError, ErrorCode } from '../core/errors.js';
import { RespVectorDecoder, type VectorRequest } from './respVectorDecoder.js';
import { packRows } from './vectorCodec.js';

const N_COLS = 3;
const TIMES = Float64Array.of(1_700_000_000_000_000, 1_700_000_000_000_007, 42);
const MATRIX = Float64Array.of(1.5, Number.NaN, -0, Number.MAX_VALUE, -Number.MIN_VALUE, 7, -1, 0, 1e-300);
const PACKED = packRows(TIMES, MATRIX, N_COLS);
const SIZE = 32;

const bulk = (row: number): Buffer =>
  Buffer.concat([
    Buffer.from(`$${SIZE}\r\n`),
    PACKED.subarray(row * SIZE, (row + 1) * SIZE),
    Buffer.from('\r\n'),
  ]);
const NIL = Buffer.from('$-1\r\n');

interface Outcome {
  eventTimes: Float64Array;
  matrix: Float64Array;
  settled: Array<Error | undefined>;
  req: VectorRequest;
}

function request(symbolIds: number[], nCols = N_COLS): Outcome {
  const settled: Array<Error | undefined> = [];
  const eventTimes = new Float64Array(symbolIds.length).fill(-1);
  const matrix = new Float64Array(symbolIds.length * nCols).fill(-1);
  const req: VectorRequest = {
    replies: symbolIds.length,
    symbolIds: Int32Array.from(symbolIds),
    eventTimes,
    matrix,
    nCols,
    settle: (err) => settled.push(err),
  };
  return { eventTimes, matrix, settled, req };
}

function feedAll(d: RespVectorDecoder, bytes: Uint8Array, cuts: number[]): void {
  let from = 0;
  for (const to of [...cuts, bytes.length]) {
    // Each chunk in a larger buffer at an odd offset, as socket reads may be.
    const chunk = new Uint8Array(to - from + 3);
    chunk.set(bytes.subarray(from, to), 1);
    const view = new DataView(chunk.buffer, 1);
    d.feed(chunk.subarray(1), to - from, view);
    from = to;
  }
}

const codeOf = (err: Error | undefined): string | undefined => (err as AlphaflowError | undefined)?.code;

describe('RespVectorDecoder', () => {
  // Rows 2, absent, 0, 1 of the packed batch.
  const stream = Buffer.concat([bulk(2), NIL, bulk(0), bulk(1)]);
  const expectDecoded = (o: Outcome): void => {
    expect(o.settled).toEqual([undefined]);
    expect(Array.from(o.eventTimes)).toEqual([TIMES[2], Number.NaN, TIMES[0], TIMES[1]]);
    const want = [...MATRIX.subarray(6, 9), Number.NaN, Number.NaN, Number.NaN, ...MATRIX.subarray(0, 6)];
    expect(Array.from(o.matrix)).toEqual(want);
    expect(Object.is(o.matrix[8], -0)).toBe(true);
  };

  it('decodes vectors and nil replies into their rows bit-exactly, however the bytes are chunked', () => {
    const whole = request([5, 6, 7, 8]);
    const d = new RespVectorDecoder();
    d.expect(whole.req);
    feedAll(d, stream, []);
    expectDecoded(whole);
    for (let cut = 1; cut < stream.length; cut++) {
      const o = request([5, 6, 7, 8]);
      d.expect(o.req);
      feedAll(d, stream, [cut]);
      expectDecoded(o);
    }
    const bytewise = request([5, 6, 7, 8]);
    d.expect(bytewise.req);
    feedAll(
      d,
      stream,
      Array.from({ length: stream.length - 1 }, (_, i) => i + 1),
    );
    expectDecoded(bytewise);
    expect(d.pending).toBe(0);
  });

  it('answers queued requests in order, each settled once when its last reply arrives', () => {
    const d = new RespVectorDecoder();
    const a = request([1]);
    const b = request([2, 3]);
    d.expect(a.req);
    d.expect(b.req);
    feedAll(d, Buffer.concat([bulk(0), bulk(1)]), []);
    expect(a.settled).toEqual([undefined]);
    expect(b.settled).toEqual([]);
    feedAll(d, bulk(2), []);
    expect(b.settled).toEqual([undefined]);
    expect(Array.from(a.eventTimes)).toEqual([TIMES[0]]);
    expect(Array.from(b.eventTimes)).toEqual([TIMES[1], TIMES[2]]);
  });

  it('fails a vector of another width with E_FEATURE_SET_MISMATCH naming its symbol, and stays in step', () => {
    const d = new RespVectorDecoder();
    const wide = request([10, 11], 4);
    const next = request([12]);
    d.expect(wide.req);
    d.expect(next.req);
    feedAll(d, Buffer.concat([NIL, bulk(0), bulk(1)]), [9]);
    expect(wide.settled).toHaveLength(1);
    expect(codeOf(wide.settled[0])).toBe(ErrorCode.FeatureSetMismatch);
    expect(wide.settled[0]?.message).toContain('symbol 11 has 32 bytes, expected 40');
    expect(next.settled).toEqual([undefined]);
    expect(Array.from(next.eventTimes)).toEqual([TIMES[1]]);
  });

  it('fails a request that met an error reply (e.g. WRONGTYPE) after draining it', () => {
    const d = new RespVectorDecoder();
    const bad = request([1, 2]);
    const next = request([3]);
    d.expect(bad.req);
    d.expect(next.req);
    feedAll(d, Buffer.concat([Buffer.from('-WRONGTYPE Operation against a key\r\n'), bulk(0), bulk(2)]), [4]);
    expect(codeOf(bad.settled[0])).toBe(ErrorCode.Config);
    expect(bad.settled[0]?.message).toContain('WRONGTYPE Operation against a key');
    expect(next.settled).toEqual([undefined]);
    expect(Array.from(next.eventTimes)).toEqual([TIMES[2]]);
  });

  it('checks handshake replies without storing them', () => {
    const d = new RespVectorDecoder();
    const ok = request([]);
    ok.req.replies = 2;
    const refused = request([]);
    refused.req.replies = 1;
    d.expect(ok.req);
    d.expect(refused.req);
    feedAll(d, Buffer.from('+OK\r\n+OK\r\n-WRONGPASS invalid username-password pair\r\n'), [6]);
    expect(ok.settled).toEqual([undefined]);
    expect(refused.settled[0]?.message).toContain('WRONGPASS');
  });

  it('refuses replies nobody asked for and fails every pending request when the connection goes', () => {
    const d = new RespVectorDecoder();
    expect(() => feedAll(d, bulk(0), [])).toThrow(/no request waiting/);
    const a = request([1]);
    d.expect(a.req);
    expect(() => feedAll(d, Buffer.from('*1\r\n'), [])).toThrow(/unexpected reply type/);
    const gone = new Error('closed');
    d.failAll(gone);
    expect(a.settled).toEqual([gone]);
    expect(d.pending).toBe(0);
  });
});
