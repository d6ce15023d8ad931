/**
 * Redis online store (ioredis): one Redis hash per (feature set, symbol)
 * holding the packed vector (vectorCodec.ts), keys from redisKeys.ts.
 *
 * Writes run one Lua script per chunk, so the "older event time never
 * overwrites" rule is applied atomically on the server. A universe read is
 * either ONE script call (default) or one pipeline of HGETs; bench/onlineStore.bench.ts
 * measures both. The script sends one argument for the whole universe where
 * the pipeline pays ioredis' per-command encoding 5,000 times (several times
 * the client CPU); inside Redis each HGET costs more from Lua than natively.
 */
import { Redis, type RedisOptions } from 'ioredis';
import { AlphaflowError, DataError, ErrorCode } from '../core/errors.js';
import {
  checkRead,
  checkWriteBatch,
  DeclaredWidths,
  type OnlineStore,
  type OnlineVectors,
} from './onlineStore.js';
import { onlineKey, onlineKeyPattern, onlineKeyPrefix, VECTOR_FIELD } from './redisKeys.js';
import { packedSize, packRows, unpackRow } from './vectorCodec.js';

/** Error code the read script raises for a stored vector of another width. */
const WIDTH_ERROR = 'AFWIDTH';

/**
 * Script arguments shared by both scripts:
 *   KEYS[1] = the first symbol's key (routes the call to the feature set's slot)
 *   ARGV[1] = key prefix, ARGV[2] = symbol ids in decimal, space-separated,
 *   ARGV[3] = bytes per vector
 * Keys are prefix .. id: decimal ids from JS, so no number formatting in Lua
 * (which measured 5× slower than the whole key loop with strings).
 */
const WRITE_LATEST_LUA = `
local prefix, size, vectors = ARGV[1], tonumber(ARGV[3]), ARGV[4]
local i = 0
for id in string.gmatch(ARGV[2], '%d+') do
  local k = prefix .. id
  local new = string.sub(vectors, i * size + 1, (i + 1) * size)
  local cur = redis.call('HGET', k, '${VECTOR_FIELD}')
  if (not cur) or struct.unpack('<d', cur) <= struct.unpack('<d', new) then
    redis.call('HSET', k, '${VECTOR_FIELD}', new)
  end
  i = i + 1
end
return i`;

/**
 * Returns one packed vector per id (nil where absent) as one multi-bulk reply;
 * a vector of another width fails the call. (A table.concat of the vectors
 * into one string measured slower than the multi-bulk reply.)
 */
const READ_ALL_LUA = `
local prefix, size = ARGV[1], tonumber(ARGV[3])
local out = {}
local i = 0
for id in string.gmatch(ARGV[2], '%d+') do
  i = i + 1
  local k = prefix .. id
  local v = redis.call('HGET', k, '${VECTOR_FIELD}')
  if v and #v ~= size then
    return redis.error_reply('${WIDTH_ERROR} ' .. k .. ' holds ' .. #v .. ' bytes, expected ' .. size)
  end
  out[i] = v
end
return out`;

/** How a universe read reaches Redis: one EVALSHA, or one HGET per symbol in a pipeline. */
export type RedisReadMode = 'script' | 'pipeline';

export interface RedisOnlineStoreOptions {
  /** Redis URL ('redis://127.0.0.1:6379') or ioredis options. */
  connection: string | RedisOptions;
  /** Default 'script'. */
  readMode?: RedisReadMode;
  /** Vectors per write-script call (bounds the time one call blocks Redis). Default 1000. */
  writeChunk?: number;
}

/** A loaded Lua script: its source and the SHA1 Redis knows it by. */
interface Script {
  lua: string;
  sha: string;
}

/** Online store in Redis; create with `RedisOnlineStore.connect`. */
export class RedisOnlineStore implements OnlineStore {
  private readonly widths = new DeclaredWidths();

  private constructor(
    private readonly client: Redis,
    private readonly readMode: RedisReadMode,
    private readonly writeChunk: number,
    private readonly writeScript: Script,
    private readonly readScript: Script,
  ) {}

  /** Connects and loads the scripts; throws E_CONFIG when Redis cannot be reached. */
  static async connect(opts: RedisOnlineStoreOptions): Promise<RedisOnlineStore> {
    const base: RedisOptions = { lazyConnect: true, maxRetriesPerRequest: 3 };
    const client =
      typeof opts.connection === 'string'
        ? new Redis(opts.connection, base)
        : new Redis({ ...base, ...opts.connection });
    try {
      await client.connect();
      const write = { lua: WRITE_LATEST_LUA, sha: String(await client.script('LOAD', WRITE_LATEST_LUA)) };
      const read = { lua: READ_ALL_LUA, sha: String(await client.script('LOAD', READ_ALL_LUA)) };
      return new RedisOnlineStore(client, opts.readMode ?? 'script', opts.writeChunk ?? 1000, write, read);
    } catch (cause) {
      client.disconnect();
      throw new AlphaflowError(ErrorCode.Config, `cannot connect to Redis: ${String(cause)}`, {
        rule: 'the online store needs a reachable Redis server',
        cause,
      });
    }
  }

  async update(fsHash: string, nCols: number): Promise<void> {
    this.widths.declare(fsHash, nCols);
  }

  width(fsHash: string): number {
    return this.widths.get(fsHash);
  }

  async writeBatch(
    fsHash: string,
    symbolIds: Int32Array,
    eventTimes: Float64Array,
    matrix: Float64Array,
  ): Promise<void> {
    const nCols = this.widths.get(fsHash);
    checkWriteBatch(fsHash, nCols, symbolIds, eventTimes, matrix);
    const packed = packRows(eventTimes, matrix, nCols);
    const size = packedSize(nCols);
    const calls: Array<Promise<unknown>> = [];
    // Chunks are sent back to back on one connection, so they apply in batch order.
    for (let start = 0; start < symbolIds.length; start += this.writeChunk) {
      const end = Math.min(symbolIds.length, start + this.writeChunk);
      calls.push(
        this.evalScript(this.writeScript, fsHash, symbolIds[start]!, [
          symbolIds.subarray(start, end).join(' '),
          String(size),
          packed.subarray(start * size, end * size),
        ]),
      );
    }
    await Promise.all(calls);
  }

  async read(fsHash: string, symbolIds: Int32Array, out?: OnlineVectors): Promise<OnlineVectors> {
    const nCols = this.widths.get(fsHash);
    const res = checkRead(fsHash, nCols, symbolIds, out);
    if (symbolIds.length === 0) return res;
    const values =
      this.readMode === 'script'
        ? await this.readByScript(fsHash, symbolIds, packedSize(nCols))
        : await this.readByPipeline(fsHash, symbolIds);
    for (let i = 0; i < symbolIds.length; i++) {
      const v = values[i];
      if (v) unpackRow(v, nCols, res.eventTimes, res.matrix, i);
      else {
        res.eventTimes[i] = Number.NaN;
        res.matrix.fill(Number.NaN, i * nCols, (i + 1) * nCols);
      }
    }
    return res;
  }

  async close(): Promise<void> {
    if (this.client.status !== 'end') await this.client.quit();
  }

  async teardown(): Promise<void> {
    for (const fsHash of this.widths.hashes()) {
      let cursor = '0';
      do {
        const [next, found] = await this.client.scan(
          cursor,
          'MATCH',
          onlineKeyPattern(fsHash),
          'COUNT',
          1000,
        );
        if (found.length > 0) await this.client.unlink(...found);
        cursor = next;
      } while (cursor !== '0');
    }
    this.widths.clear();
    await this.close();
  }

  /** One EVALSHA; a stored vector of another width is E_FEATURE_SET_MISMATCH. */
  private async readByScript(
    fsHash: string,
    symbolIds: Int32Array,
    size: number,
  ): Promise<Array<Buffer | null>> {
    try {
      const ids = symbolIds.join(' ');
      return (await this.evalScript(this.readScript, fsHash, symbolIds[0]!, [
        ids,
        String(size),
      ])) as Array<Buffer | null>;
    } catch (err) {
      if (!(err instanceof Error) || !err.message.startsWith(WIDTH_ERROR)) throw err;
      throw new DataError(
        ErrorCode.FeatureSetMismatch,
        `stored vector: ${err.message.slice(WIDTH_ERROR.length + 1)}`,
        {
          rule: 'a stored vector is 8 × (1 + nCols) bytes',
          cause: err,
        },
      );
    }
  }

  /** One HGET per symbol in one pipeline. */
  private async readByPipeline(fsHash: string, symbolIds: Int32Array): Promise<Array<Buffer | null>> {
    const p = this.client.pipeline();
    for (let i = 0; i < symbolIds.length; i++) p.hgetBuffer(onlineKey(fsHash, symbolIds[i]!), VECTOR_FIELD);
    const replies = (await p.exec()) ?? [];
    const out = new Array<Buffer | null>(symbolIds.length);
    for (let i = 0; i < symbolIds.length; i++) {
      const [err, value] = replies[i] ?? [new Error('missing pipeline reply'), null];
      if (err) throw err;
      out[i] = value as Buffer | null;
    }
    return out;
  }

  /**
   * EVALSHA of a script over feature set `fsHash` (KEYS[1] = the key of
   * `routeId`), binary replies; reloads the script once if Redis lost it
   * (restart, SCRIPT FLUSH).
   */
  private async evalScript(
    script: Script,
    fsHash: string,
    routeId: number,
    args: ReadonlyArray<string | Buffer>,
  ): Promise<unknown> {
    const call = (): Promise<unknown> =>
      this.client.callBuffer('EVALSHA', [
        script.sha,
        1,
        onlineKey(fsHash, routeId),
        onlineKeyPrefix(fsHash),
        ...args,
      ]);
    try {
      return await call();
    } catch (err) {
      if (!(err instanceof Error) || !err.message.startsWith('NOSCRIPT')) throw err;
      script.sha = String(await this.client.script('LOAD', script.lua));
      return await call();
    }
  }
}
