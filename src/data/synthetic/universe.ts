/**
 * The synthetic market's cross-section, fixed before any bar is drawn: symbol
 * ids and names, sectors, per-stock loadings and microstructure parameters,
 * the planted cointegrated pairs and the corporate-action schedule.
 */
import type { Rng } from '../../core/random.js';
import { SymbolTable } from '../../core/symbols.js';
import {
  BETA_RANGE,
  DIVIDEND_YIELD_RANGE,
  IDIO_VOL_RANGE,
  ILLIQUID_SPREAD_MID_BPS,
  ILLIQUID_SPREAD_WIDTH_BPS,
  MARKET_VOL,
  PAIR_HALF_LIFE_BARS,
  PAIR_HEDGE_RANGE,
  PAIR_SPREAD_SD,
  PRICING_ERROR_SPREAD_FRACTION,
  SECTOR_BETA_RANGE,
  SECTOR_VOL,
  SPLIT_RATIOS,
  SPREAD_BPS_RANGE,
  START_PRICE_CLAMP,
  START_PRICE_LOG_SD,
  START_PRICE_MEDIAN,
  TOUCH_LOTS_RANGE,
  TRADE_SIZE_RANGE,
  VOLUME_LOG_SD_ACROSS,
  VOLUME_MEDIAN,
  VOLUME_SPREAD_ELASTICITY,
  VOLUME_SPREAD_REF_BPS,
} from './modelParams.js';
import type { ResolvedMarketOptions } from './options.js';

/** The market index's symbol. */
export const INDEX_SYMBOL = 'INDEX';

const SECTOR_NAMES = [
  'Technology',
  'Financials',
  'Health Care',
  'Industrials',
  'Consumer Discretionary',
  'Consumer Staples',
  'Energy',
  'Utilities',
  'Materials',
  'Communication Services',
  'Real Estate',
];

/** A planted cointegrated pair: log(a) = hedgeRatio·log(b) + const + OU spread (+ pricing noise). */
export interface PlantedPair {
  /** The leg whose price is tied to `b`. */
  readonly a: string;
  readonly b: string;
  readonly aId: number;
  readonly bId: number;
  /** Log-price hedge ratio. */
  readonly hedgeRatio: number;
  /** Half-life of the OU spread, bars. */
  readonly halfLifeBars: number;
  /** Stationary SD of the OU spread, log units. */
  readonly spreadSd: number;
}

/** A corporate action fixed in advance; the dividend's cash amount is set from the price before ex. */
export interface ScheduledAction {
  readonly kind: 'split' | 'dividend';
  readonly symbolId: number;
  /** Index of the ex session in the generated period (≥ 1, so a pre-ex bar exists). */
  readonly dayIndex: number;
  /** New shares per old share (split). */
  readonly ratio: number;
  /** Cash dividend as a fraction of the last pre-ex close (dividend). */
  readonly yield: number;
}

export interface MarketUniverse {
  readonly symbols: SymbolTable;
  readonly indexId: number;
  /** Symbol id of each sector's index, by sector id. */
  readonly sectorIndexIds: Int32Array;
  readonly sectorNames: readonly string[];
  /** Sector id per symbol id (-1 for the market index). */
  readonly sectors: Int32Array;
  /** Stocks are ids [firstStockId, symbols.size). */
  readonly firstStockId: number;
  /** Per symbol id (stocks only): market beta, sector beta, idiosyncratic vol per bar, pricing-error SD. */
  readonly beta: Float64Array;
  readonly sectorBeta: Float64Array;
  readonly idioVol: Float64Array;
  readonly pricingErrorSd: Float64Array;
  /** Per symbol id (stocks only): illiquidity weight in [0, 1] from the base spread (≈ 0 liquid, ≈ 1 illiquid). */
  readonly illiquidity: Float64Array;
  /** Per symbol id: calm-regime total bar volatility (log return SD) for high/low ranges. */
  readonly barVol: Float64Array;
  readonly startLogPrice: Float64Array;
  /** Per symbol id: median shares per bar, average trade size, base spread (fraction), mean touch size in lots. */
  readonly volumeBase: Float64Array;
  readonly tradeSize: Float64Array;
  readonly spread: Float64Array;
  readonly touchLots: Float64Array;
  readonly pairs: readonly PlantedPair[];
  /** Per symbol id: index into `pairs` (-1 when unpaired) and role: 1 = b (driver), 2 = a (tied leg). */
  readonly pairIndex: Int32Array;
  readonly pairRole: Uint8Array;
  /** Per pair: log-price constant so that a starts at its own start price. */
  readonly pairConst: Float64Array;
  readonly scheduled: readonly ScheduledAction[];
}

function uniform(rng: Rng, range: readonly [number, number]): number {
  return range[0] + (range[1] - range[0]) * rng.next();
}

/** Draws the universe for `opts` (deterministic in opts.seed). */
export function buildUniverse(
  opts: ResolvedMarketOptions,
  universeRng: Rng,
  actionsRng: Rng,
): MarketUniverse {
  const nSectors = opts.sectors;
  const sectorNames = Array.from({ length: nSectors }, (_, s) => SECTOR_NAMES[s] ?? `Sector ${s + 1}`);
  const symbols = new SymbolTable();
  const indexId = symbols.intern(INDEX_SYMBOL);
  const sectorIndexIds = new Int32Array(nSectors);
  for (let s = 0; s < nSectors; s++)
    sectorIndexIds[s] = symbols.intern(`SECT${String(s + 1).padStart(2, '0')}`);
  const firstStockId = symbols.size;
  for (let k = 0; k < opts.symbols; k++) symbols.intern(`SYN${String(k + 1).padStart(4, '0')}`);
  const n = symbols.size;

  const sectors = new Int32Array(n);
  sectors[indexId] = -1;
  for (let s = 0; s < nSectors; s++) sectors[sectorIndexIds[s]!] = s;
  for (let k = 0; k < opts.symbols; k++) sectors[firstStockId + k] = k % nSectors;

  const beta = new Float64Array(n);
  const sectorBeta = new Float64Array(n);
  const idioVol = new Float64Array(n);
  const pricingErrorSd = new Float64Array(n);
  const illiquidity = new Float64Array(n);
  const barVol = new Float64Array(n);
  const startLogPrice = new Float64Array(n);
  const volumeBase = new Float64Array(n);
  const tradeSize = new Float64Array(n);
  const spread = new Float64Array(n);
  const touchLots = new Float64Array(n);
  for (let id = firstStockId; id < n; id++) {
    beta[id] = uniform(universeRng, BETA_RANGE);
    sectorBeta[id] = uniform(universeRng, SECTOR_BETA_RANGE);
    idioVol[id] = uniform(universeRng, IDIO_VOL_RANGE);
    const p = START_PRICE_MEDIAN * Math.exp(START_PRICE_LOG_SD * universeRng.normal());
    startLogPrice[id] = Math.log(Math.min(START_PRICE_CLAMP[1], Math.max(START_PRICE_CLAMP[0], p)));
    volumeBase[id] = VOLUME_MEDIAN * Math.exp(VOLUME_LOG_SD_ACROSS * universeRng.normal());
    tradeSize[id] = uniform(universeRng, TRADE_SIZE_RANGE);
    spread[id] = uniform(universeRng, SPREAD_BPS_RANGE) * 1e-4;
    touchLots[id] = uniform(universeRng, TOUCH_LOTS_RANGE);
  }
  for (let id = firstStockId; id < n; id++) {
    const b = beta[id]! * MARKET_VOL;
    const g = sectorBeta[id]! * SECTOR_VOL;
    barVol[id] = Math.sqrt(b * b + g * g + idioVol[id]! ** 2);
  }

  // Pairs: two unused stocks of one sector (sectors taken in turn); the lower id drives.
  const pairIndex = new Int32Array(n).fill(-1);
  const pairRole = new Uint8Array(n);
  const pairs: PlantedPair[] = [];
  const pairConst = new Float64Array(opts.pairs);
  for (let p = 0; p < opts.pairs; p++) {
    let pool: number[] = [];
    for (let id = firstStockId; id < n; id++)
      if (pairIndex[id] === -1 && sectors[id] === p % nSectors) pool.push(id);
    if (pool.length < 2) {
      pool = [];
      for (let id = firstStockId; id < n; id++) if (pairIndex[id] === -1) pool.push(id);
    }
    const i1 = universeRng.int(pool.length);
    let i2 = universeRng.int(pool.length - 1);
    if (i2 >= i1) i2++;
    const bId = Math.min(pool[i1]!, pool[i2]!);
    const aId = Math.max(pool[i1]!, pool[i2]!);
    const hedge = uniform(universeRng, PAIR_HEDGE_RANGE);
    const halfLife = Math.round(uniform(universeRng, PAIR_HALF_LIFE_BARS));
    pairIndex[aId] = p;
    pairIndex[bId] = p;
    pairRole[bId] = 1;
    pairRole[aId] = 2;
    pairConst[p] = startLogPrice[aId]! - hedge * startLogPrice[bId]!;
    // The tied leg moves hedge× its driver: keep its loadings and range consistent with that.
    beta[aId] = hedge * beta[bId]!;
    sectorBeta[aId] = hedge * sectorBeta[bId]!;
    barVol[aId] = Math.hypot(hedge * barVol[bId]!, PAIR_SPREAD_SD * Math.sqrt(1 - 0.5 ** (2 / halfLife)));
    // Its lead comes through the driver, so it trades as liquid as the driver (the spread tells its lead).
    spread[aId] = spread[bId]!;
    pairs.push({
      a: symbols.name(aId),
      b: symbols.name(bId),
      aId,
      bId,
      hedgeRatio: hedge,
      halfLifeBars: halfLife,
      spreadSd: PAIR_SPREAD_SD,
    });
  }

  // Liquidity follows the base spread: the illiquidity weight, the bid/ask bounce and (inversely) the volume.
  for (let id = firstStockId; id < n; id++) {
    const bps = spread[id]! * 1e4;
    illiquidity[id] = 1 / (1 + Math.exp(-(bps - ILLIQUID_SPREAD_MID_BPS) / ILLIQUID_SPREAD_WIDTH_BPS));
    pricingErrorSd[id] = PRICING_ERROR_SPREAD_FRACTION * spread[id]!;
    volumeBase[id] = volumeBase[id]! * (VOLUME_SPREAD_REF_BPS / bps) ** VOLUME_SPREAD_ELASTICITY;
  }

  // Corporate actions on distinct unpaired stocks, from their own stream so that
  // changing how many there are leaves every price path unchanged.
  const scheduled: ScheduledAction[] = [];
  if (opts.days >= 2) {
    const pool: number[] = [];
    for (let id = firstStockId; id < n; id++) if (pairIndex[id] === -1) pool.push(id);
    const wanted = opts.splits + opts.dividends;
    for (let k = 0; k < wanted; k++) {
      const j = k + actionsRng.int(pool.length - k);
      const id = pool[j]!;
      pool[j] = pool[k]!;
      pool[k] = id;
      const dayIndex = 1 + actionsRng.int(opts.days - 1);
      if (k < opts.splits) {
        const ratio = SPLIT_RATIOS[actionsRng.int(SPLIT_RATIOS.length)]!;
        scheduled.push({ kind: 'split', symbolId: id, dayIndex, ratio, yield: 0 });
      } else {
        scheduled.push({
          kind: 'dividend',
          symbolId: id,
          dayIndex,
          ratio: 1,
          yield: uniform(actionsRng, DIVIDEND_YIELD_RANGE),
        });
      }
    }
  }

  return {
    symbols,
    indexId,
    sectorIndexIds,
    sectorNames,
    sectors,
    firstStockId,
    beta,
    sectorBeta,
    idioVol,
    pricingErrorSd,
    illiquidity,
    barVol,
    startLogPrice,
    volumeBase,
    tradeSize,
    spread,
    touchLots,
    pairs,
    pairIndex,
    pairRole,
    pairConst,
    scheduled,
  };
}
