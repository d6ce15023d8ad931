/**
 * The synthetic market as a whole period in memory (`generateMarket`) or one
 * session at a time (`streamMarket`), both from the same simulator so that
 * they produce identical numbers.
 */
import { BarFrame } from '../../core/barFrame.js';
import { ConfigError } from '../../core/errors.js';
import { QuoteFrame } from '../../core/quoteFrame.js';
import { Rng } from '../../core/random.js';
import type { SymbolTable } from '../../core/symbols.js';
import { dateToEpochDay, MICROS_PER_DAY } from '../../core/time.js';
import { calendarByName } from '../calendar/index.js';
import type { Session } from '../calendar/types.js';
import type { CorporateAction } from '../corporateActions/types.js';
import { type ResolvedMarketOptions, resolveMarketOptions, type SyntheticMarketOptions } from './options.js';
import { MarketSimulator } from './simulator.js';
import { buildUniverse, INDEX_SYMBOL, type MarketUniverse, type PlantedPair } from './universe.js';

/** Rows above which `generateMarket` refuses (≈ 5 GB of columns); stream instead. */
export const MAX_IN_MEMORY_ROWS = 40_000_000;

/** What both the in-memory market and the stream describe up front. */
export interface MarketDescription {
  readonly options: ResolvedMarketOptions;
  readonly symbols: SymbolTable;
  /** Sector id per symbol id (-1 for the market index). */
  readonly sectors: Int32Array;
  readonly sectorNames: readonly string[];
  readonly indexSymbol: string;
  readonly indexId: number;
  /** Symbol id of each sector's index (symbols SECT01…), by sector id. */
  readonly sectorIndexIds: Int32Array;
  /** Stocks are symbol ids [firstStockId, symbols.size). */
  readonly firstStockId: number;
  readonly pairs: readonly PlantedPair[];
  /** NYSE sessions generated, in order. */
  readonly sessions: readonly Session[];
}

/** Bar-level regime path of the whole period. */
export interface RegimePath {
  /** Bar open times of the market timeline (one entry per bar of any symbol), epoch µs. */
  readonly timeline: Float64Array;
  /** 0 = calm, 1 = volatile, per timeline entry. */
  readonly state: Uint8Array;
}

export interface SyntheticMarket extends MarketDescription {
  /** 1-minute bars, every symbol on every bar of every session, sorted by (symbol, ts). */
  readonly frame: BarFrame;
  /** Top of book at each bar's close, row-aligned with `frame` (ts = bar close; NaN prices for indices). */
  readonly quotes: QuoteFrame;
  readonly corporateActions: readonly CorporateAction[];
  /** E[log close(t+H) − log close(t) | state at t] on the adjusted basis, per frame row; NaN for index rows. */
  readonly oracle: Float64Array;
  /** Realised adjusted log return over the next H bars of the same symbol, per frame row; NaN for the last H. */
  readonly forwardReturn: Float64Array;
  readonly regime: RegimePath;
}

/** One session of a streamed market. */
export interface SyntheticMarketDay {
  readonly dayIndex: number;
  readonly session: Session;
  /** This session's bars of every symbol, sorted by (symbol, ts). */
  readonly frame: BarFrame;
  readonly quotes: QuoteFrame;
  readonly oracle: Float64Array;
  /** Regime per bar of the session. */
  readonly regime: Uint8Array;
  /** Corporate actions going ex at this session's open. */
  readonly corporateActions: readonly CorporateAction[];
}

interface Setup {
  readonly description: MarketDescription;
  readonly universe: MarketUniverse;
  newSimulator(): MarketSimulator;
}

function setup(input: SyntheticMarketOptions | undefined): Setup {
  const options = resolveMarketOptions(input);
  const cal = calendarByName('nyse');
  const startDay = dateToEpochDay(options.startDate);
  const from = startDay * MICROS_PER_DAY;
  if (!(from >= cal.coverage.from && from < cal.coverage.to)) {
    throw new ConfigError(`synthetic market startDate ${options.startDate} is outside the NYSE calendar`, {
      column: 'startDate',
      rule: 'calendar-coverage',
    });
  }
  const first = cal.nextSessionIndex(from);
  if (first + options.days > cal.sessionCount) {
    throw new ConfigError(
      `synthetic market: ${options.days} sessions from ${options.startDate} run past the calendar`,
      {
        column: 'days',
        rule: 'calendar-coverage',
      },
    );
  }
  const sessions = Array.from({ length: options.days }, (_, d) => cal.session(first + d));
  // Independent streams: the universe, the corporate actions, the factors and the stocks.
  const master = new Rng(options.seed);
  const universeRng = master.fork();
  const actionsRng = master.fork();
  const factorSeed = master.nextUint32();
  const symbolSeed = master.nextUint32();
  const universe = buildUniverse(options, universeRng, actionsRng);
  const description: MarketDescription = {
    options,
    symbols: universe.symbols,
    sectors: universe.sectors,
    sectorNames: universe.sectorNames,
    indexSymbol: INDEX_SYMBOL,
    indexId: universe.indexId,
    sectorIndexIds: universe.sectorIndexIds,
    firstStockId: universe.firstStockId,
    pairs: universe.pairs,
    sessions,
  };
  return {
    description,
    universe,
    newSimulator: () =>
      new MarketSimulator(universe, options, sessions, new Rng(factorSeed), new Rng(symbolSeed)),
  };
}

/** Generates the whole period in memory (same options → byte-identical output). */
export function generateMarket(input?: SyntheticMarketOptions): SyntheticMarket {
  const { description, newSimulator } = setup(input);
  const sim = newSimulator();
  const nDays = description.sessions.length;
  let total = 0;
  for (let d = 0; d < nDays; d++) total += sim.barsIn(d);
  const nSym = description.symbols.size;
  const rows = nSym * total;
  if (rows > MAX_IN_MEMORY_ROWS) {
    throw new ConfigError(
      `synthetic market of ${rows} rows is too large to hold in memory; use streamMarket`,
      {
        rule: `rows <= ${MAX_IN_MEMORY_ROWS}`,
      },
    );
  }
  const frame = BarFrame.allocate(description.symbols, rows);
  const quotes = QuoteFrame.allocate(description.symbols, rows);
  const oracle = new Float64Array(rows);
  const logAdjClose = new Float64Array(rows);
  const timeline = new Float64Array(total);
  const state = new Uint8Array(total);
  const corporateActions: CorporateAction[] = [];
  let offset = 0;
  for (let d = 0; d < nDays; d++) {
    const n = sim.barsIn(d);
    const target = { bars: frame, quotes, oracle, logAdjClose, base: offset, stride: total };
    corporateActions.push(...sim.generateDay(d, target, state.subarray(offset, offset + n)));
    timeline.set(frame.ts.subarray(offset, offset + n), offset);
    offset += n;
  }
  const h = description.options.horizonBars;
  const forwardReturn = new Float64Array(rows).fill(Number.NaN);
  for (let id = 0; id < nSym; id++) {
    const r0 = id * total;
    for (let k = 0; k + h < total; k++)
      forwardReturn[r0 + k] = logAdjClose[r0 + k + h]! - logAdjClose[r0 + k]!;
  }
  return {
    ...description,
    frame,
    quotes,
    corporateActions,
    oracle,
    forwardReturn,
    regime: { timeline, state },
  };
}

/** A market generated one session at a time; iterate `days()` (each call starts from the first session). */
export interface SyntheticMarketStream extends MarketDescription {
  days(): Generator<SyntheticMarketDay, void, undefined>;
}

/** Streams the period session by session, so 5,000 symbols × many days never sit in memory together. */
export function streamMarket(input?: SyntheticMarketOptions): SyntheticMarketStream {
  const { description, newSimulator } = setup(input);
  return {
    ...description,
    *days() {
      const sim = newSimulator();
      const nSym = description.symbols.size;
      for (let d = 0; d < description.sessions.length; d++) {
        const n = sim.barsIn(d);
        const frame = BarFrame.allocate(description.symbols, nSym * n);
        const quotes = QuoteFrame.allocate(description.symbols, nSym * n);
        const oracle = new Float64Array(nSym * n);
        const regime = new Uint8Array(n);
        const target = { bars: frame, quotes, oracle, logAdjClose: undefined, base: 0, stride: n };
        const corporateActions = sim.generateDay(d, target, regime);
        yield {
          dayIndex: d,
          session: description.sessions[d]!,
          frame,
          quotes,
          oracle,
          regime,
          corporateActions,
        };
      }
    },
  };
}
