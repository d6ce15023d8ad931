/** Options of the synthetic market: a zod schema (plain JSON object in, defaults filled) and its types. */
import { z } from 'zod';
import { ConfigError } from '../../core/errors.js';

export const syntheticMarketOptionsSchema = z
  .object({
    /** Number of stocks (the index and sector indices come on top). */
    symbols: z.number().int().min(2).max(5000).default(500),
    sectors: z.number().int().min(1).max(50).default(10),
    /** Trading days (NYSE sessions) to generate. */
    days: z.number().int().min(1).max(2600).default(10),
    /** First day: the first NYSE session on or after this date, 'YYYY-MM-DD'. */
    startDate: z
      .string()
      .regex(/^\d{4}-\d{2}-\d{2}$/, 'expected YYYY-MM-DD')
      .default('2024-01-02'),
    seed: z.number().int().min(0).max(0xffffffff).default(42),
    /** Bars by which the index (and sector indices) lead their constituents. */
    leadLagBars: z.number().int().min(1).max(60).default(3),
    /**
     * Fraction of an illiquid stock's factor response that arrives `leadLagBars`
     * late at the open (0 = no lead); scaled down for liquid stocks and later in the day.
     */
    leadFraction: z.number().min(0).max(1).default(0.5),
    /** Horizon of the oracle and of `forwardReturn`, in bars. */
    horizonBars: z.number().int().min(1).max(390).default(5),
    /** Planted cointegrated pairs. */
    pairs: z.number().int().min(0).max(100).default(5),
    /** Stocks that split once during the period. */
    splits: z.number().int().min(0).max(500).default(2),
    /** Stocks that go ex-dividend once during the period. */
    dividends: z.number().int().min(0).max(500).default(4),
  })
  .strict();

/** What a caller may pass (every field optional). */
export type SyntheticMarketOptions = z.input<typeof syntheticMarketOptionsSchema>;
/** Options with every default filled in. */
export type ResolvedMarketOptions = z.output<typeof syntheticMarketOptionsSchema>;

/** Validates and completes options; throws ConfigError naming the offending field. */
export function resolveMarketOptions(input: SyntheticMarketOptions = {}): ResolvedMarketOptions {
  const r = syntheticMarketOptionsSchema.safeParse(input);
  if (!r.success) {
    const issue = r.error.issues[0]!;
    const field = issue.path.join('.') || '(options)';
    throw new ConfigError(`synthetic market option ${field}: ${issue.message}`, {
      column: field,
      rule: issue.code,
    });
  }
  const o = r.data;
  if (o.sectors > o.symbols) {
    throw new ConfigError(
      `synthetic market: ${o.sectors} sectors need at least as many symbols, got ${o.symbols}`,
      {
        column: 'sectors',
        rule: 'sectors <= symbols',
      },
    );
  }
  if (2 * o.pairs + o.splits + o.dividends > o.symbols) {
    throw new ConfigError(
      'synthetic market: pairs use 2 stocks each and every split/dividend its own stock',
      {
        column: 'pairs',
        rule: '2*pairs + splits + dividends <= symbols',
      },
    );
  }
  return o;
}
