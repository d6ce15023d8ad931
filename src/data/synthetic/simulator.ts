/**
 * The synthetic market's data-generating process, one session at a time.
 * State (prices, pricing errors, pending informed flow, pair spreads, the
 * regime, the last `leadLagBars` factor returns) carries from one session to the next, so the
 * whole period and a day-by-day stream produce the same numbers.
 *
 * Per one-minute bar g, stock i in sector s (all log returns):
 *   m_g        = market factor = the INDEX's return (regime- and intraday-scaled, with jumps)
 *   f_s,g      = sector factor; the sector index returns m_g + f_s,g
 *   φ_i,g      = φ·w_i·h_k: the delayed fraction of bar g's factor moves for stock i
 *                (w_i its illiquidity weight from its spread, h_k the intraday profile at bar k)
 *   e_i,g      = e_i,g-1 + β_i[(1-φ_i,g)m_g + φ_i,g-L m_g-L] + γ_i[(1-φ_i,g)f_s,g + φ_i,g-L f_s,g-L]
 *                + σ_i ε + jumps (+ overnight gap) + the priced part of informed order flow
 *   u_i,g      = ρ u_i,g-1 + pricing-error innovation + price pressure   (transient: short-term reversal)
 *   log close  = e + u + log K (K: cumulative split/dividend factor of the raw price)
 * An order-flow shock J (probability p per bar, with a volume burst) is split
 * by the same weight: w_i·J is informed, half priced at once and the rest
 * pending P, priced at (1 − λ) of what is left per bar; (1 − w_i)·J is price
 * pressure in u. A planted pair's tied leg a has e_a = h·e_b + c + z, z an OU spread.
 * The oracle is E[log close_{g+H} − log close_g | state at g] on the adjusted
 * basis: φ·w_i·(β Σ h·m + γ Σ h·f) over the lagged bars that the horizon loads
 * on and that are already known, + (1 − λ^H)P, + (ρ^H − 1)u, + (κ^H − 1)z for
 * tied legs. docs/synthetic-market.md derives it.
 * Hand-written: no library simulates this; per-bar work stays in typed arrays.
 */
import type { BarFrame } from '../../core/barFrame.js';
import type { QuoteFrame } from '../../core/quoteFrame.js';
import type { Rng } from '../../core/random.js';
import { MICROS_PER_DAY, MICROS_PER_MINUTE } from '../../core/time.js';
import type { Session } from '../calendar/types.js';
import type { CorporateAction } from '../corporateActions/types.js';
import {
  ANNOUNCE_DAYS_BEFORE_EX,
  GAP_IDIO_VOL,
  GAP_MARKET_VOL,
  GAP_SECTOR_VOL,
  IDIO_JUMP_PROB,
  IDIO_JUMP_VOL,
  INDEX_START_LEVEL,
  INFORMED_DECAY,
  INFORMED_IMMEDIATE_FRACTION,
  LEAD_INTRADAY_FLOOR,
  LEAD_INTRADAY_TAU_BARS,
  MARKET_JUMP_PROB,
  MARKET_JUMP_VOL,
  MARKET_VOL,
  ORDER_SHOCK_BAR_VOLS,
  ORDER_SHOCK_PROB,
  ORDER_SHOCK_VOLUME_MULT,
  P_CALM_TO_VOLATILE,
  P_VOLATILE_TO_CALM,
  PAIR_SPREAD_SD,
  PRICING_ERROR_AR,
  SECTOR_INDEX_START_LEVEL,
  SECTOR_VOL,
  SPREAD_NOISE_LOG_SD,
  SPREAD_OPEN_TAU_BARS,
  SPREAD_OPEN_WIDEN,
  VOL_CLOSE_BUMP,
  VOL_OPEN_BUMP,
  VOL_SHAPE_TAU_BARS,
  VOLATILE_SPREAD_MULT,
  VOLATILE_VOL_MULT,
  VOLATILE_VOLUME_MULT,
  VOLUME_ABS_RETURN_LOAD,
  VOLUME_CLOSE_BUMP,
  VOLUME_CLOSE_TAU_BARS,
  VOLUME_FLOOR,
  VOLUME_NOISE_LOG_SD,
  VOLUME_OPEN_BUMP,
  VOLUME_OPEN_TAU_BARS,
} from './modelParams.js';
import type { ResolvedMarketOptions } from './options.js';
import type { MarketUniverse } from './universe.js';
import { ZigguratNormal } from './zigguratNormal.js';

/** Bar length of the synthetic market, µs. */
export const BAR_MICROS = MICROS_PER_MINUTE;

/** Where one session's rows go: row(symbol id, bar k) = base + id·stride + k. */
export interface RowTarget {
  readonly bars: BarFrame;
  readonly quotes: QuoteFrame;
  /** Oracle per row (NaN for index rows). */
  readonly oracle: Float64Array;
  /** Adjusted (total-return) log close per row, when wanted for realised forward returns. */
  readonly logAdjClose: Float64Array | undefined;
  readonly base: number;
  readonly stride: number;
}

/**
 * −ln((i + 0.5) / 1024) for a 10-bit i: exponential draws (high/low
 * excursions, touch sizes) without a log call. 10 bits keep the table in L1
 * cache (random lookups into a 16-bit table were cache misses) and the
 * largest draw at 7.6, plenty for excursions and sizes.
 */
const NEG_LOG_U10 = Float64Array.from({ length: 1024 }, (_, i) => -Math.log((i + 0.5) / 1024));
/**
 * exp(−s²/2 + s·z) tabulated by the sum of `nBytes` uniform random bytes, z
 * being that sum centred and scaled to unit variance (Irwin–Hall: near-normal
 * and bounded for 4 bytes, triangular for 2): mean-one lognormal-like noise
 * with no exp call per bar.
 */
function lognormalByByteSum(nBytes: number, logSd: number): Float64Array {
  const max = 255 * nBytes;
  const sd = Math.sqrt((nBytes * (256 * 256 - 1)) / 12);
  return Float64Array.from({ length: max + 1 }, (_, sum) =>
    Math.exp(-0.5 * logSd * logSd + (logSd * (sum - max / 2)) / sd),
  );
}

/** Sum of the four bytes of a 32-bit integer (0..1020). */
function byteSum(bits: number): number {
  return (bits & 0xff) + ((bits >>> 8) & 0xff) + ((bits >>> 16) & 0xff) + (bits >>> 24);
}

const VOLUME_NOISE = lognormalByByteSum(4, VOLUME_NOISE_LOG_SD);
const SPREAD_NOISE = lognormalByByteSum(2, SPREAD_NOISE_LOG_SD);

export class MarketSimulator {
  private readonly nSym: number;
  private readonly nSec: number;
  private readonly lag: number;
  private readonly phi: number;
  /** Bars of the lead window whose lagged factor return is already known: min(H, L). */
  private readonly leadWindow: number;
  private readonly rhoH: number;
  /** Share of a pending informed move priced over the next H bars: 1 − DECAY^H. */
  private readonly informedH: number;
  private readonly maxBars: number;
  /** Bars per session (390, or fewer on shortened days). */
  private readonly sessionBars: Int32Array;

  private readonly factorNormal: ZigguratNormal;
  private readonly symbolNormal: ZigguratNormal;

  // State carried across sessions.
  private regime = 0;
  private readonly e: Float64Array;
  private readonly u: Float64Array;
  /** Informed order-flow moves not yet in the price, log units. */
  private readonly pending: Float64Array;
  private readonly logK: Float64Array;
  private readonly shareMult: Float64Array;
  private readonly pairSpread: Float64Array;
  private readonly pairKappa: Float64Array;
  private readonly pairKappaH: Float64Array;
  private readonly pairInnov: Float64Array;
  /** Factor buffers: bar k at L + k; the first L entries hold the previous session's last L bars. */
  private readonly mDay: Float64Array;
  private readonly fDay: Float64Array;
  /** The same factor returns times the intraday lead profile h_k (the delayed part for w_i = 1, φ = 1). */
  private readonly mLagDay: Float64Array;
  private readonly fLagDay: Float64Array;
  /** Intraday lead profile h_k by bar of the session. */
  private readonly leadShape: Float64Array;

  // Per-session scratch.
  private readonly sigmaScale: Float64Array;
  private readonly regimeBar: Uint8Array;
  private readonly volumeShape: Float64Array;
  private readonly spreadShape: Float64Array;
  private readonly leadM: Float64Array;
  private readonly leadF: Float64Array;
  /** Per bar k: h·m of bar k − L minus h·m of bar k (arriving minus deferred), per unit φ·w_i; likewise per sector. */
  private readonly shiftM: Float64Array;
  private readonly shiftF: Float64Array;
  private readonly gapF: Float64Array;
  private readonly driverE: Float64Array;
  /** Per pair and bar: the driver's known drift of e over the next H bars (lead + pending informed flow). */
  private readonly driverDrift: Float64Array;
  /** Per pair: the driver's efficient log price at the session open (after the overnight gap). */
  private readonly driverOpenE: Float64Array;
  /** This session's overnight market gap (log). */
  private gapM = 0;
  private readonly actionsByDay: Map<number, MarketUniverse['scheduled'][number][]>;

  constructor(
    private readonly u0: MarketUniverse,
    opts: ResolvedMarketOptions,
    private readonly sessions: readonly Session[],
    private readonly factorRng: Rng,
    private readonly symbolRng: Rng,
  ) {
    this.factorNormal = new ZigguratNormal(factorRng);
    this.symbolNormal = new ZigguratNormal(symbolRng);
    this.nSym = u0.symbols.size;
    this.nSec = u0.sectorIndexIds.length;
    this.lag = opts.leadLagBars;
    this.phi = opts.leadFraction;
    this.leadWindow = Math.min(opts.horizonBars, opts.leadLagBars);
    this.rhoH = PRICING_ERROR_AR ** opts.horizonBars;
    this.informedH = 1 - INFORMED_DECAY ** opts.horizonBars;
    this.sessionBars = Int32Array.from(sessions, (s) => Math.ceil((s.close - s.open) / BAR_MICROS));
    this.maxBars = Math.max(...this.sessionBars);
    const L = this.lag;
    const width = L + this.maxBars;

    this.e = new Float64Array(this.nSym);
    this.u = new Float64Array(this.nSym);
    this.pending = new Float64Array(this.nSym);
    this.logK = new Float64Array(this.nSym);
    this.shareMult = new Float64Array(this.nSym).fill(1);
    this.e[u0.indexId] = Math.log(INDEX_START_LEVEL);
    for (const id of u0.sectorIndexIds) this.e[id] = Math.log(SECTOR_INDEX_START_LEVEL);
    for (let id = u0.firstStockId; id < this.nSym; id++) this.e[id] = u0.startLogPrice[id]!;

    const nPairs = u0.pairs.length;
    this.pairSpread = new Float64Array(nPairs);
    this.pairKappa = Float64Array.from(u0.pairs, (p) => 0.5 ** (1 / p.halfLifeBars));
    this.pairKappaH = Float64Array.from(this.pairKappa, (k) => k ** opts.horizonBars);
    this.pairInnov = Float64Array.from(this.pairKappa, (k) => PAIR_SPREAD_SD * Math.sqrt(1 - k * k));

    this.mDay = new Float64Array(width);
    this.fDay = new Float64Array(this.nSec * width);
    this.mLagDay = new Float64Array(width);
    this.fLagDay = new Float64Array(this.nSec * width);
    this.leadShape = Float64Array.from(
      { length: this.maxBars },
      (_, k) => LEAD_INTRADAY_FLOOR + (1 - LEAD_INTRADAY_FLOOR) * Math.exp(-k / LEAD_INTRADAY_TAU_BARS),
    );
    this.sigmaScale = new Float64Array(this.maxBars);
    this.regimeBar = new Uint8Array(this.maxBars);
    this.volumeShape = new Float64Array(this.maxBars);
    this.spreadShape = new Float64Array(this.maxBars);
    this.leadM = new Float64Array(this.maxBars);
    this.leadF = new Float64Array(this.nSec * this.maxBars);
    this.shiftM = new Float64Array(this.maxBars);
    this.shiftF = new Float64Array(this.nSec * this.maxBars);
    this.gapF = new Float64Array(this.nSec);
    this.driverE = new Float64Array(nPairs * this.maxBars);
    this.driverDrift = new Float64Array(nPairs * this.maxBars);
    this.driverOpenE = new Float64Array(nPairs);

    this.actionsByDay = new Map();
    for (const a of u0.scheduled) {
      const list = this.actionsByDay.get(a.dayIndex) ?? [];
      list.push(a);
      this.actionsByDay.set(a.dayIndex, list);
    }
    // Start the regime chain from its stationary distribution.
    this.regime = factorRng.next() < P_CALM_TO_VOLATILE / (P_CALM_TO_VOLATILE + P_VOLATILE_TO_CALM) ? 1 : 0;
  }

  /** Bars in session `d`. */
  barsIn(d: number): number {
    return this.sessionBars[d]!;
  }

  /**
   * Generates session `d` (sessions must be generated in order 0, 1, 2, …)
   * into `target`; writes the bar regimes (0 calm, 1 volatile) to `regimeOut`
   * and returns the corporate actions that go ex in this session.
   */
  generateDay(d: number, target: RowTarget, regimeOut: Uint8Array): CorporateAction[] {
    const n = this.sessionBars[d]!;
    this.factorPass(d, n);
    regimeOut.set(this.regimeBar.subarray(0, n));
    this.writeIndexRows(d, n, target);
    const actions = this.applyActions(d);
    const gapDay = d > 0;
    for (let id = this.u0.firstStockId; id < this.nSym; id++) this.stockRows(d, n, id, gapDay, target);
    // Keep the last L factor returns for the next session's lagged terms.
    const L = this.lag;
    const width = L + this.maxBars;
    this.mDay.copyWithin(0, n, n + L);
    this.mLagDay.copyWithin(0, n, n + L);
    for (let s = 0; s < this.nSec; s++) {
      this.fDay.copyWithin(s * width, s * width + n, s * width + n + L);
      this.fLagDay.copyWithin(s * width, s * width + n, s * width + n + L);
    }
    return actions;
  }

  /** Regime path, intraday shapes, market and sector factor returns and the oracle's lead sums. */
  private factorPass(d: number, n: number): void {
    const rng = this.factorRng;
    const nrm = this.factorNormal;
    const L = this.lag;
    const width = L + this.maxBars;
    let regime = this.regime;
    for (let k = 0; k < n; k++) {
      const flip = rng.next();
      if (regime === 0 ? flip < P_CALM_TO_VOLATILE : flip < P_VOLATILE_TO_CALM) regime ^= 1;
      this.regimeBar[k] = regime;
      const rm = regime === 1 ? VOLATILE_VOL_MULT : 1;
      const fromOpen = k;
      const toClose = n - 1 - k;
      this.sigmaScale[k] =
        rm *
        (1 +
          VOL_OPEN_BUMP * Math.exp(-fromOpen / VOL_SHAPE_TAU_BARS) +
          VOL_CLOSE_BUMP * Math.exp(-toClose / VOL_SHAPE_TAU_BARS));
      this.volumeShape[k] =
        (regime === 1 ? VOLATILE_VOLUME_MULT : 1) *
        (VOLUME_FLOOR +
          VOLUME_OPEN_BUMP * Math.exp(-fromOpen / VOLUME_OPEN_TAU_BARS) +
          VOLUME_CLOSE_BUMP * Math.exp(-toClose / VOLUME_CLOSE_TAU_BARS));
      this.spreadShape[k] =
        (regime === 1 ? VOLATILE_SPREAD_MULT : 1) *
        (1 + SPREAD_OPEN_WIDEN * Math.exp(-fromOpen / SPREAD_OPEN_TAU_BARS));
      let m = MARKET_VOL * this.sigmaScale[k]! * nrm.next();
      if (rng.next() < MARKET_JUMP_PROB) m += MARKET_JUMP_VOL * nrm.next();
      const h = this.leadShape[k]!;
      this.mDay[L + k] = m;
      this.mLagDay[L + k] = h * m;
      for (let s = 0; s < this.nSec; s++) {
        const f = SECTOR_VOL * this.sigmaScale[k]! * nrm.next();
        this.fDay[s * width + L + k] = f;
        this.fLagDay[s * width + L + k] = h * f;
      }
    }
    this.regime = regime;
    // Lead sums: the delayed factor moves that the next H bars will load on and that are known now;
    // shifts: what bar k's stock return gains (bar k − L's delayed part) and defers (its own).
    const W = this.leadWindow;
    const mLag = this.mLagDay;
    const fLag = this.fLagDay;
    for (let k = 0; k < n; k++) {
      let sm = 0;
      for (let w = 1; w <= W; w++) sm += mLag[k + w]!;
      this.leadM[k] = sm;
      this.shiftM[k] = mLag[k]! - mLag[L + k]!;
    }
    for (let s = 0; s < this.nSec; s++) {
      const fo = s * width;
      const lo = s * this.maxBars;
      for (let k = 0; k < n; k++) {
        let sf = 0;
        for (let w = 1; w <= W; w++) sf += fLag[fo + k + w]!;
        this.leadF[lo + k] = sf;
        this.shiftF[lo + k] = fLag[fo + k]! - fLag[fo + L + k]!;
      }
    }
    this.gapM = d > 0 ? GAP_MARKET_VOL * (this.regimeBar[0] === 1 ? VOLATILE_VOL_MULT : 1) * nrm.next() : 0;
    for (let s = 0; s < this.nSec; s++) this.gapF[s] = d > 0 ? GAP_SECTOR_VOL * nrm.next() : 0;
  }

  /** Bars (and NaN quotes) of the market index and the sector indices: they are the factors, un-lagged. */
  private writeIndexRows(d: number, n: number, t: RowTarget): void {
    const rng = this.factorRng;
    const L = this.lag;
    const width = L + this.maxBars;
    const open0 = this.sessions[d]!.open;
    for (let s = -1; s < this.nSec; s++) {
      const id = s < 0 ? this.u0.indexId : this.u0.sectorIndexIds[s]!;
      const vol = s < 0 ? MARKET_VOL : Math.hypot(MARKET_VOL, SECTOR_VOL);
      let x = this.e[id]! + this.gapM + (s < 0 ? 0 : this.gapF[s]!);
      let open = Math.exp(x);
      const row0 = t.base + id * t.stride;
      for (let k = 0; k < n; k++) {
        x += this.mDay[L + k]! + (s < 0 ? 0 : this.fDay[s * width + L + k]!);
        const close = Math.exp(x);
        const bits = rng.nextUint32();
        const sv = vol * this.sigmaScale[k]!;
        const hi = Math.max(open, close) * (1 + 0.5 * sv * NEG_LOG_U10[bits >>> 22]!);
        const lo = Math.min(open, close) * (1 - 0.5 * sv * NEG_LOG_U10[bits & 0x3ff]!);
        const ts = open0 + k * BAR_MICROS;
        this.writeBar(t.bars, row0 + k, id, ts, open, hi, lo, close, 0, Number.NaN, 0);
        this.writeQuote(t.quotes, row0 + k, id, ts + BAR_MICROS, Number.NaN, Number.NaN, 0, 0);
        t.oracle[row0 + k] = Number.NaN;
        if (t.logAdjClose !== undefined) t.logAdjClose[row0 + k] = x;
        open = close;
      }
      this.e[id] = x;
    }
  }

  /** Applies session `d`'s ex-events to the raw-price factor and returns them as CorporateAction records. */
  private applyActions(d: number): CorporateAction[] {
    const list = this.actionsByDay.get(d);
    if (list === undefined) return [];
    const exTs = this.sessions[d]!.open;
    const knownAt = exTs - ANNOUNCE_DAYS_BEFORE_EX * MICROS_PER_DAY;
    const out: CorporateAction[] = [];
    for (const a of list) {
      const id = a.symbolId;
      const symbol = this.u0.symbols.name(id);
      if (a.kind === 'split') {
        this.logK[id] = this.logK[id]! - Math.log(a.ratio);
        this.shareMult[id] = this.shareMult[id]! * a.ratio;
        out.push({ kind: 'split', symbol, exTs, ratio: a.ratio, knownAt });
      } else {
        const prevClose = Math.exp(this.e[id]! + this.u[id]! + this.logK[id]!);
        const amount = Math.max(0.01, Math.round(a.yield * prevClose * 100) / 100);
        // The raw price drops by exactly `amount` against the last pre-ex close, as back-adjustment assumes.
        this.logK[id] = this.logK[id]! + Math.log((prevClose - amount) / prevClose);
        out.push({ kind: 'dividend', symbol, exTs, amount, knownAt });
      }
    }
    return out;
  }

  /** One stock's bars, quotes and oracle for session `d`. */
  private stockRows(d: number, n: number, id: number, gapDay: boolean, t: RowTarget): void {
    const rng = this.symbolRng;
    const nrm = this.symbolNormal;
    const negLog = NEG_LOG_U10;
    const U = this.u0;
    const L = this.lag;
    const width = L + this.maxBars;
    const sec = U.sectors[id]!;
    const fo = sec * width;
    const lo = sec * this.maxBars;
    // Module constants copied to locals: imported bindings can compile to getter calls in the loop.
    const mDay = this.mDay;
    const fDay = this.fDay;
    const leadM = this.leadM;
    const leadF = this.leadF;
    const shiftM = this.shiftM;
    const shiftF = this.shiftF;
    const sigmaScale = this.sigmaScale;
    const volumeShape = this.volumeShape;
    const spreadShape = this.spreadShape;
    const driverE = this.driverE;
    const driverDrift = this.driverDrift;
    const oracle = t.oracle;
    const logAdj = t.logAdjClose;
    const volumeNoise = VOLUME_NOISE;
    const spreadNoise = SPREAD_NOISE;
    const ar = PRICING_ERROR_AR;
    // The jump test uses the upper 16 bits of the word whose lower 16 drive the spread noise.
    const jumpBelow = Math.round(IDIO_JUMP_PROB * 65536);
    const jumpVol = IDIO_JUMP_VOL;
    const absLoad = VOLUME_ABS_RETURN_LOAD;
    const barMicros = BAR_MICROS;
    // The shock test uses bits 11–21 of the quote word, which the touch sizes and the side leave free.
    const shockBelow = Math.round(ORDER_SHOCK_PROB * 2048);
    const role = U.pairRole[id]!;
    const p = U.pairIndex[id]!;

    const beta = U.beta[id]!;
    const gamma = U.sectorBeta[id]!;
    const w = U.illiquidity[id]!;
    const phi = this.phi * w;
    // A tied leg's informed moves come through its driver: its own shocks are all price pressure.
    const informed = role === 2 ? 0 : w;
    const pressure = 1 - informed;
    const shockSd = ORDER_SHOCK_BAR_VOLS * U.barVol[id]!;
    const shockVolume = ORDER_SHOCK_VOLUME_MULT;
    const immediate = INFORMED_IMMEDIATE_FRACTION;
    const decay = INFORMED_DECAY;
    const informedH = this.informedH;
    const idio = U.idioVol[id]!;
    const peInnov = U.pricingErrorSd[id]! * Math.sqrt(1 - ar * ar);
    const rhoHm1 = this.rhoH - 1;
    const barVol = U.barVol[id]!;
    const logK = this.logK[id]!;
    const shares = U.volumeBase[id]! * this.shareMult[id]!;
    const tradeSize = U.tradeSize[id]! * this.shareMult[id]!;
    const spread = U.spread[id]!;
    const lots = U.touchLots[id]!;
    const po = p * this.maxBars;
    const hedge = role === 2 ? U.pairs[p]!.hedgeRatio : 0;
    const pc = role === 2 ? U.pairConst[p]! : 0;
    const kappa = role === 2 ? this.pairKappa[p]! : 0;
    const kappaHm1 = role === 2 ? this.pairKappaH[p]! - 1 : 0;
    const zInnov = role === 2 ? this.pairInnov[p]! : 0;
    let z = role === 2 ? this.pairSpread[p]! : 0;

    let e = this.e[id]!;
    let u = this.u[id]!;
    let pend = this.pending[id]!;
    const gap = gapDay ? beta * this.gapM + gamma * this.gapF[sec]! + GAP_IDIO_VOL * nrm.next() : 0;
    let prevX = e + u;
    // The first open carries the overnight gap (a tied leg's comes through its driver) and any ex-date factor.
    if (role === 1) this.driverOpenE[p] = e + gap;
    let open = Math.exp((role === 2 ? hedge * this.driverOpenE[p]! + pc + z + u : prevX + gap) + logK);
    const row0 = t.base + id * t.stride;
    const ts0 = this.sessions[d]!.open;
    for (let k = 0; k < n; k++) {
      const sc = sigmaScale[k]!;
      const jumpWord = rng.nextUint32();
      const q = rng.nextUint32();
      // Order-flow shock: its informed part goes into e now and into the pending flow, the rest into u.
      let pressureMove = 0;
      let informedNow = 0;
      let volumeMult = 1;
      if (((q >>> 11) & 0x7ff) < shockBelow) {
        const shock = shockSd * nrm.next();
        pressureMove = pressure * shock;
        informedNow = informed * shock;
        volumeMult = shockVolume;
      }
      let drift: number;
      if (role === 2) {
        z = kappa * z + zInnov * nrm.next();
        e = hedge * driverE[po + k]! + pc + z;
        drift = hedge * driverDrift[po + k]! + kappaHm1 * z;
      } else {
        let r =
          beta * (mDay[L + k]! + phi * shiftM[k]!) +
          gamma * (fDay[fo + L + k]! + phi * shiftF[lo + k]!) +
          idio * sc * nrm.next();
        if (jumpWord >>> 16 < jumpBelow) r += jumpVol * nrm.next();
        if (k === 0) r += gap;
        // Informed flow: part priced now, the rest over the next bars.
        r += (1 - decay) * pend + immediate * informedNow;
        pend = decay * pend + (1 - immediate) * informedNow;
        e += r;
        drift = phi * (beta * leadM[k]! + gamma * leadF[lo + k]!) + informedH * pend;
        if (role === 1) {
          driverE[po + k] = e;
          driverDrift[po + k] = drift;
        }
      }
      u = ar * u + peInnov * nrm.next() + pressureMove;
      const x = e + u;
      const close = Math.exp(x + logK);
      const sv = barVol * sc;
      const bits = rng.nextUint32();
      // High and low overshoot max/min(open, close) by exponential excursions of mean sv/2.
      const hi = Math.max(open, close) * (1 + 0.5 * sv * negLog[bits >>> 22]!);
      const low = Math.min(open, close) * (1 - 0.5 * sv * negLog[bits & 0x3ff]!);
      const busy = 1 + (absLoad * Math.abs(x - prevX)) / sv;
      const volume = Math.max(
        1,
        Math.round(shares * volumeShape[k]! * busy * volumeMult * volumeNoise[byteSum(rng.nextUint32())]!),
      );
      const trades = Math.max(1, Math.round(volume / tradeSize));
      const ts = ts0 + k * barMicros;
      const row = row0 + k;
      this.writeBar(t.bars, row, id, ts, open, hi, low, close, volume, (hi + low + close) / 3, trades);

      // Quote at the bar close: the close printed at the ask or the bid (one random bit).
      const sp = spread * spreadShape[k]! * spreadNoise[(jumpWord & 0xff) + ((jumpWord >>> 8) & 0xff)]!;
      const atAsk = (q & 1) === 1;
      const bid = atAsk ? close * (1 - sp) : close;
      const ask = atAsk ? close : close * (1 + sp);
      const bidLots = 1 + Math.floor(lots * negLog[(q >>> 1) & 0x3ff]!);
      const askLots = 1 + Math.floor(lots * negLog[q >>> 22]!);
      this.writeQuote(t.quotes, row, id, ts + barMicros, bid, ask, 100 * bidLots, 100 * askLots);

      oracle[row] = drift + rhoHm1 * u;
      if (logAdj !== undefined) logAdj[row] = x;
      open = close;
      prevX = x;
    }
    this.e[id] = e;
    this.u[id] = u;
    this.pending[id] = pend;
    if (role === 2) this.pairSpread[p] = z;
  }

  private writeBar(
    b: BarFrame,
    row: number,
    id: number,
    ts: number,
    open: number,
    high: number,
    low: number,
    close: number,
    volume: number,
    vwap: number,
    trades: number,
  ): void {
    b.symbol[row] = id;
    b.ts[row] = ts;
    b.open[row] = open;
    b.high[row] = high;
    b.low[row] = low;
    b.close[row] = close;
    b.volume[row] = volume;
    b.vwap[row] = vwap;
    b.trades[row] = trades;
    b.knownAt[row] = ts + BAR_MICROS;
  }

  private writeQuote(
    q: QuoteFrame,
    row: number,
    id: number,
    ts: number,
    bid: number,
    ask: number,
    bidSize: number,
    askSize: number,
  ): void {
    q.symbol[row] = id;
    q.ts[row] = ts;
    q.bid[row] = bid;
    q.ask[row] = ask;
    q.bidSize[row] = bidSize;
    q.askSize[row] = askSize;
    q.knownAt[row] = ts;
  }
}
