/**
 * Generates the synthetic market session by session straight into the lake
 * (bars, quotes, and a metadata file with sectors, pairs and corporate
 * actions), so 5,000 symbols × many days never sit in memory at once.
 */
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { CorporateAction } from '../corporateActions/types.js';
import type { PlantedPair } from '../synthetic/index.js';
import { type ResolvedMarketOptions, type SyntheticMarketOptions, streamMarket } from '../synthetic/index.js';
import type { ParquetLake } from './parquetLake.js';

/** What the lake keeps about a generated market besides its bars and quotes. */
export interface SyntheticMarketMeta {
  options: ResolvedMarketOptions;
  indexSymbol: string;
  /** Sector name per symbol name (the market index maps to its own name). */
  sectorOf: Record<string, string>;
  /** Symbol of each sector's index, by sector name. */
  sectorIndexOf: Record<string, string>;
  /** Tradable symbols (stocks, not indices). */
  stocks: string[];
  pairs: PlantedPair[];
  corporateActions: CorporateAction[];
}

export interface GenerateSummary {
  days: number;
  symbols: number;
  bars: number;
  quotes: number;
  /** Wall time of generation + writes, ms. */
  elapsedMs: number;
  meta: SyntheticMarketMeta;
}

/** Path of the market metadata inside a lake. */
export function syntheticMetaPath(lakeRoot: string): string {
  return join(lakeRoot, 'meta', 'synthetic-market.json');
}

/** Streams the market into `lake`; `onDay(done, total)` reports progress. */
export async function writeSyntheticMarket(
  lake: ParquetLake,
  options: SyntheticMarketOptions,
  onDay: (done: number, total: number) => void = () => {},
  clock: () => number = () => performance.now(),
): Promise<GenerateSummary> {
  const t0 = clock();
  const market = streamMarket(options);
  let bars = 0;
  let quotes = 0;
  const actions: CorporateAction[] = [];
  const total = market.sessions.length;
  for (const day of market.days()) {
    bars += (await lake.writeBars(day.frame)).rows;
    quotes += (await lake.writeQuotes(day.quotes)).rows;
    actions.push(...day.corporateActions);
    onDay(day.dayIndex + 1, total);
  }
  const sectorOf: Record<string, string> = {};
  for (let id = 0; id < market.symbols.size; id++) {
    const s = market.sectors[id]!;
    sectorOf[market.symbols.name(id)] = s >= 0 ? market.sectorNames[s]! : market.symbols.name(id);
  }
  const sectorIndexOf: Record<string, string> = {};
  market.sectorIndexIds.forEach((id, s) => {
    sectorIndexOf[market.sectorNames[s]!] = market.symbols.name(id);
  });
  const stocks = market.symbols.list().slice(market.firstStockId);
  const meta: SyntheticMarketMeta = {
    options: market.options,
    indexSymbol: market.indexSymbol,
    sectorOf,
    sectorIndexOf,
    stocks,
    pairs: [...market.pairs],
    corporateActions: actions,
  };
  const path = syntheticMetaPath(lake.root);
  mkdirSync(join(lake.root, 'meta'), { recursive: true });
  writeFileSync(`${path}.tmp`, `${JSON.stringify(meta, null, 1)}\n`);
  renameSync(`${path}.tmp`, path);
  return { days: total, symbols: market.symbols.size, bars, quotes, elapsedMs: clock() - t0, meta };
}

/** The metadata of a synthetic market stored in the lake, or undefined for a lake of real data. */
export function readSyntheticMeta(lakeRoot: string): SyntheticMarketMeta | undefined {
  const path = syntheticMetaPath(lakeRoot);
  return existsSync(path) ? (JSON.parse(readFileSync(path, 'utf8')) as SyntheticMarketMeta) : undefined;
}
