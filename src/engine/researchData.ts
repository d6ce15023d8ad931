/**
 * Loads what a research run needs from the lake: bars (back-adjusted for the
 * corporate actions known at the end of the window), quotes, and who is who
 * in the universe (market index, sectors, tradable stocks). A synthetic
 * market's lake says all of that in its metadata; a lake of real data takes
 * the market index symbol from the caller and treats every other symbol as a
 * tradable stock with no sector.
 */
import type { BarFrame } from '../core/barFrame.js';
import { DataError, ErrorCode } from '../core/errors.js';
import type { QuoteFrame } from '../core/quoteFrame.js';
import { SymbolTable } from '../core/symbols.js';
import type { TradingCalendar } from '../data/calendar/types.js';
import { adjustBars } from '../data/corporateActions/index.js';
import { ParquetLake, readSyntheticMeta } from '../data/lake/index.js';
import type { FeatureContext } from '../features/batch.js';
import type { UniverseInfo } from './trainingRun.js';

export interface ResearchDataQuery {
  lakeRoot: string;
  from?: number;
  to?: number;
  /** Market index symbol for a lake without synthetic metadata. */
  market?: string;
}

export interface ResearchData {
  /** Back-adjusted bars (raw prices are in the lake). */
  bars: BarFrame;
  quotes: QuoteFrame | undefined;
  universe: UniverseInfo;
}

/** Reads bars, quotes and the universe description for a research run. */
export async function loadResearchData(q: ResearchDataQuery): Promise<ResearchData> {
  const meta = readSyntheticMeta(q.lakeRoot);
  const lake = await ParquetLake.open(q.lakeRoot);
  try {
    const symbols = lake.info().tables.bars?.symbols ?? [];
    if (symbols.length === 0) {
      throw new DataError(ErrorCode.NotFound, 'the lake holds no bars', {
        file: q.lakeRoot,
        rule: 'run `alphaflow data generate` or `alphaflow data ingest` first',
      });
    }
    const table = new SymbolTable(symbols);
    const range = {
      ...(q.from === undefined ? {} : { from: q.from }),
      ...(q.to === undefined ? {} : { to: q.to }),
    };
    const raw = await lake.readBars({ symbolTable: table, ...range });
    const quotes = lake.info().tables.quotes
      ? await lake.readQuotes({ symbolTable: table, ...range })
      : undefined;
    const sectorOf = new Int32Array(table.size).fill(-1);
    const tradable = new Uint8Array(table.size).fill(1);
    let sectorIndexSymbol = new Int32Array(0);
    const marketName = meta?.indexSymbol ?? q.market;
    const marketSymbol = marketName === undefined ? -1 : table.lookup(marketName);
    if (marketName !== undefined && marketSymbol < 0) {
      throw new DataError(ErrorCode.NotFound, `market index symbol ${marketName} is not in the lake`, {
        rule: '--market',
      });
    }
    if (marketSymbol >= 0) tradable[marketSymbol] = 0;
    if (meta) {
      const sectorNames = Object.keys(meta.sectorIndexOf).sort();
      sectorIndexSymbol = Int32Array.from(sectorNames, (s) => table.lookup(meta.sectorIndexOf[s]!));
      const stock = new Set(meta.stocks);
      for (let id = 0; id < table.size; id++) {
        const name = table.name(id);
        tradable[id] = stock.has(name) ? 1 : 0;
        const sector = meta.sectorOf[name];
        sectorOf[id] = sector === undefined ? -1 : sectorNames.indexOf(sector);
      }
    }
    const asOf = raw.length > 0 ? raw.knownAt.reduce((m, x) => Math.max(m, x), 0) : 0;
    const bars = meta ? adjustBars(raw, meta.corporateActions, asOf) : raw;
    return { bars, quotes, universe: { marketSymbol, sectorOf, sectorIndexSymbol, tradable } };
  } finally {
    lake.close();
  }
}

/** What the features need besides the bars: index, sectors, quotes, bar length (µs) and calendar. */
export function featureContextOf(
  universe: UniverseInfo,
  quotes: QuoteFrame | undefined,
  barIntervalUs: number,
  calendar: TradingCalendar,
): FeatureContext {
  return {
    marketSymbol: universe.marketSymbol,
    sectorOf: universe.sectorOf,
    sectorIndexSymbol: universe.sectorIndexSymbol,
    ...(quotes ? { quotes } : {}),
    barIntervalUs,
    calendar,
  };
}
