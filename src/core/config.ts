/**
 * Configuration: one zod schema, embedded defaults that need no server.
 * Adapters are chosen by a discriminated union (`kind`), so a typo fails at
 * load time with the offending path, not deep inside a run.
 * Sources, later ones winning: defaults < config file < environment.
 */
import { existsSync, readFileSync } from 'node:fs';
import { z } from 'zod';
import { ConfigError } from './errors.js';

const OnlineStoreConfig = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('memory') }),
  z.object({ kind: z.literal('redis'), url: z.string().default('redis://127.0.0.1:6379') }),
]);

export const AlphaflowConfigSchema = z.object({
  /** Folder of the Parquet lake. */
  lake: z
    .object({
      root: z.string().default('.alphaflow/lake'),
      buckets: z.number().int().min(1).max(256).default(4),
    })
    .default({
      root: '.alphaflow/lake',
      buckets: 4,
    }),
  /** Folder of the model registry. */
  models: z.object({ root: z.string().default('.alphaflow/models') }).default({ root: '.alphaflow/models' }),
  onlineStore: OnlineStoreConfig.default({ kind: 'memory' }),
  /**
   * Streaming features: worker threads a universe's ticks are split over
   * (ShardedFeatureEngine; 0 = the calling thread). The values are the same either way.
   */
  features: z
    .object({ streamThreads: z.number().int().min(0).max(64).default(2) })
    .default({ streamThreads: 2 }),
  /** Master seed for every random process that is not given its own. */
  seed: z.number().int().default(42),
});

export type AlphaflowConfig = z.infer<typeof AlphaflowConfigSchema>;

/** Environment variables that override the file: name → config path. */
const ENV_OVERRIDES = {
  ALPHAFLOW_LAKE: (c: Record<string, unknown>, v: string) => {
    c.lake = { ...(c.lake as object), root: v };
  },
  ALPHAFLOW_REDIS_URL: (c: Record<string, unknown>, v: string) => {
    c.onlineStore = { kind: 'redis', url: v };
  },
} as const;

/** Loads config from `path` (JSON; optional) and the environment, validated. */
export function loadConfig(path?: string, env: NodeJS.ProcessEnv = process.env): AlphaflowConfig {
  let raw: Record<string, unknown> = {};
  if (path !== undefined) {
    if (!existsSync(path)) throw new ConfigError('config file not found', { file: path });
    try {
      raw = JSON.parse(readFileSync(path, 'utf8')) as Record<string, unknown>;
    } catch (cause) {
      throw new ConfigError('config file is not valid JSON', { file: path, cause });
    }
  }
  for (const [name, apply] of Object.entries(ENV_OVERRIDES)) {
    const v = env[name];
    if (v !== undefined && v !== '') apply(raw, v);
  }
  const parsed = AlphaflowConfigSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new ConfigError(issue.message, {
      ...(path === undefined ? {} : { file: path }),
      column: issue.path.join('.'),
      rule: 'config schema',
    });
  }
  return parsed.data;
}
