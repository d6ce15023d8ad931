/**
 * The fixed parameters of the synthetic market's data-generating process, in
 * per-one-minute-bar units (log-return standard deviations as fractions, so
 * 4e-4 = 4 bps). docs/synthetic-market.md explains each choice and derives
 * the oracle AUC they give.
 */

/** Market factor (= the index's own return) volatility per bar in the calm regime. */
export const MARKET_VOL = 4e-4;
/** Sector factor volatility per bar in the calm regime. */
export const SECTOR_VOL = 2.5e-4;
/** Multiplier on every volatility (and 1.8× on spreads, 1.6× on volume) in the volatile regime. */
export const VOLATILE_VOL_MULT = 2;
export const VOLATILE_SPREAD_MULT = 1.8;
export const VOLATILE_VOLUME_MULT = 1.6;
/** Per-bar regime switch probabilities (expected stays: calm 4 sessions, volatile 1 session; 20% volatile). */
export const P_CALM_TO_VOLATILE = 1 / 1560;
export const P_VOLATILE_TO_CALM = 1 / 390;

/** Market-factor jumps: per-bar probability and size SD (compound Poisson, normal sizes). */
export const MARKET_JUMP_PROB = 1 / 3000;
export const MARKET_JUMP_VOL = 25e-4;
/** Idiosyncratic jumps: per-bar probability and size SD. */
export const IDIO_JUMP_PROB = 1 / 4096;
export const IDIO_JUMP_VOL = 60e-4;

/** Stock loadings: market beta and sector beta drawn uniformly from [min, max]. */
export const BETA_RANGE: readonly [number, number] = [0.5, 1.5];
export const SECTOR_BETA_RANGE: readonly [number, number] = [0.5, 1.5];
/** Idiosyncratic volatility per bar, uniform in [min, max]. */
export const IDIO_VOL_RANGE: readonly [number, number] = [3e-4, 7e-4];

/**
 * Pricing error (bid/ask bounce, transient impact): AR(1) coefficient per bar
 * and stationary SD as a fraction of the stock's base spread (the bounce of a
 * wide-spread stock is larger, Roll 1984).
 */
export const PRICING_ERROR_AR = 0.5;
export const PRICING_ERROR_SPREAD_FRACTION = 0.3;

/**
 * Illiquidity weight of a stock, w = 1/(1 + e^{−(s − MID)/WIDTH}) of its base
 * spread s in bps: ≈ 0 below 4 bps (liquid), ≈ 1 above 6 (illiquid). It
 * scales the stock's lead–lag (small, illiquid stocks lag the index, Lo &
 * MacKinlay 1990) and the informed share of its order-flow shocks.
 */
export const ILLIQUID_SPREAD_MID_BPS = 5;
export const ILLIQUID_SPREAD_WIDTH_BPS = 0.4;
/**
 * Intraday lead profile h_k = FLOOR + (1 − FLOOR)·e^{−k/τ} at bar k of the
 * session: the delayed fraction of a factor move is leadFraction·w·h_k
 * (price discovery is slowest after the open).
 */
export const LEAD_INTRADAY_FLOOR = 0.5;
export const LEAD_INTRADAY_TAU_BARS = 45;
/**
 * Order-flow shocks (a burst of one-sided orders in one stock): per-bar probability,
 * size SD in units of the stock's calm bar volatility, and the volume
 * multiplier of the shock bar. A share w of the shock is informed and
 * permanent, but only IMMEDIATE of it is priced at once; the rest is priced
 * geometrically, DECAY of the remainder left per bar (continuation, Llorente
 * et al. 2002). The share 1 − w is price pressure that goes into the pricing
 * error and reverts (Campbell, Grossman & Wang 1993).
 */
export const ORDER_SHOCK_PROB = 1 / 8;
export const ORDER_SHOCK_BAR_VOLS = 6;
export const ORDER_SHOCK_VOLUME_MULT = 4;
export const INFORMED_IMMEDIATE_FRACTION = 0.5;
export const INFORMED_DECAY = 0.6;

/** Intraday volatility shape: 1 + OPEN_BUMP·e^{-k/τ} + CLOSE_BUMP·e^{-(n-1-k)/τ}. */
export const VOL_OPEN_BUMP = 0.8;
export const VOL_CLOSE_BUMP = 0.3;
export const VOL_SHAPE_TAU_BARS = 30;

/** Overnight gap SDs (log return): market, sector, idiosyncratic. */
export const GAP_MARKET_VOL = 0.005;
export const GAP_SECTOR_VOL = 0.003;
export const GAP_IDIO_VOL = 0.006;

/** Planted pairs: OU half-life of the log spread in bars, its stationary SD, and the hedge ratio range. */
export const PAIR_HALF_LIFE_BARS: readonly [number, number] = [30, 90];
export const PAIR_SPREAD_SD = 30e-4;
export const PAIR_HEDGE_RANGE: readonly [number, number] = [0.8, 1.2];

/** Starting prices: lognormal around START_PRICE_MEDIAN dollars, clamped. */
export const START_PRICE_MEDIAN = 40;
export const START_PRICE_LOG_SD = 0.8;
export const START_PRICE_CLAMP: readonly [number, number] = [5, 800];
export const INDEX_START_LEVEL = 1000;
export const SECTOR_INDEX_START_LEVEL = 100;

/**
 * Volume: median shares per bar across stocks (lognormal), per-bar lognormal
 * noise SD, and the U-shape FLOOR + OPEN·e^{-k/τo} + CLOSE·e^{-(n-1-k)/τc}.
 */
export const VOLUME_MEDIAN = 3000;
export const VOLUME_LOG_SD_ACROSS = 1.0;
/** Shares per bar fall as the spread widens: the lognormal volume base × (REF / base spread in bps)^ELASTICITY. */
export const VOLUME_SPREAD_REF_BPS = 5;
export const VOLUME_SPREAD_ELASTICITY = 1;
export const VOLUME_NOISE_LOG_SD = 0.35;
export const VOLUME_FLOOR = 0.55;
export const VOLUME_OPEN_BUMP = 1.6;
export const VOLUME_CLOSE_BUMP = 0.9;
export const VOLUME_OPEN_TAU_BARS = 25;
export const VOLUME_CLOSE_TAU_BARS = 20;
/** Extra volume per unit of |bar return| / bar volatility (volume follows volatility). */
export const VOLUME_ABS_RETURN_LOAD = 0.3;
/** Average trade size range, shares. */
export const TRADE_SIZE_RANGE: readonly [number, number] = [80, 250];

/** Quoted spread: per-stock base in bps, widening at the open (1 + OPEN·e^{-k/τ}), lognormal noise. */
export const SPREAD_BPS_RANGE: readonly [number, number] = [2, 8];
export const SPREAD_OPEN_WIDEN = 1.5;
export const SPREAD_OPEN_TAU_BARS = 15;
export const SPREAD_NOISE_LOG_SD = 0.2;
/** Mean displayed size at the touch in round lots (geometric), per-stock range. */
export const TOUCH_LOTS_RANGE: readonly [number, number] = [3, 12];

/** Corporate actions: split ratios to draw from, dividend yield range per event, announcement lead in days. */
export const SPLIT_RATIOS: readonly number[] = [2, 3, 1.5, 0.1];
export const DIVIDEND_YIELD_RANGE: readonly [number, number] = [0.003, 0.015];
export const ANNOUNCE_DAYS_BEFORE_EX = 10;
