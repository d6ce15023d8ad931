/**
 * Redis online store (ioredis): one Redis hash per (feature set, symbol)
 * holding the packed vector (vectorCodec.ts), keys from redisKeys.ts. Writes
 * go through one Lua script per chunk so the "older event time never
 * overwrites" rule is applied atomically on the server; a universe read is
 * one pipeline of HGETs or one script call (bench/store.bench.ts measures
 * both; the pipeline is the default because it measured faster).
 */
import { Redis, type RedisOptions } from 'ioredis';
import { AlphaflowError, ErrorCode } from '../core/errors.js';
import {
  checkRead,
  checkWriteBatch,
  DeclaredWidths,
  type OnlineStore,
  type OnlineVectors,
} from './onlineStore.js';
import { onlineKey, onlineKeyPattern, VECTOR_FIELD } from './redisKeys.js';
import { packedSize, packRows, unpackRow, unpackRows } from './vectorCodec.js';

/**
 * KEYS[i] = vector key, ARGV[i] = packed vector. Stores ARGV[i] unless the
 * stored vector's event time (its first f64) is later.
 */
const WRITE_LATEST_LUA = `
for i = 1, #KEYS do
  local new = ARGV[i]
  local cur = redis.call('HGET', KEYS[i], '${VECTOR_FIELD}')
  if (not cur) or struct.unpack('<d', cur) <= struct.unpack('<d', new) then
    redis.call('HSET', KEYS[i], '${VECTOR_FIELD}', new)
  end
end
return #KEYS`;

/**
 * ARGV[1] = bytes per vector. Returns every key's packed vector end to end in
 * KEYS order, all-NaN bytes (NaN event time = absent) where a key has none:
 * one bulk reply instead of one per symbol.
 */
const READ_ALL_LUA = `
local size = tonumber(ARGV[1])
local absent = string.rep(struct.pack('<d', 0/0), size / 8)
local out = {}
for i = 1, #KEYS do
  local v = redis.call('HGET', KEYS[i], '${VECTOR_FIELD}')
  if not v then
    out[i] = absent
  elseif #v ~= size then
    return redis.error_reply('ERR ' .. KEYS[i] .. ' holds ' .. #v .. ' bytes, expected ' .. size)
  else
    out[i] = v
  end
end
return table.concat(out)`;

/** How a universe read reaches Redis: HGET per symbol in one pipeline, or one EVALSHA. */
export type RedisReadMode = 'pipeline' | 'script';

export interface RedisOnlineStoreOptions {
  /** Redis URL ('redis://127.0.0.1:6379') or ioredis options. */
  connection: string | RedisOptions;
  /** Default 'pipeline'. */
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
  /** Encoded keys per feature set, slot = symbol id, built once and reused by every read. */
  private readonly keys = new Map<string, Buffer[]>();
  /** Aligned landing area for script replies (grown on demand). */
  private scratch = new Float64Array(0);

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
      return new RedisOnlineStore(client, opts.readMode ?? 'pipeline', opts.writeChunk ?? 1000, write, read);
    } catch (cause) {
      client.disconnect();
      throw new AlphaflowError(ErrorCode.Config, `cannot connect to Redis: ${String(cause)}`, {
        rule: 'the online store needs a reachable Redis server',
        cause,
      });
    }
  }

  async update(fsHash: string, nCols: number): Promise<void> {
    if (this.widths.declare(fsHash, nCols)) this.keys.set(fsHash, []);
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
    const keys = this.keysFor(fsHash, symbolIds);
    const calls: Array<Promise<unknown>> = [];
    // Chunks are sent back to back on one connection, so they apply in batch order.
    for (let start = 0; start < symbolIds.length; start += this.writeChunk) {
      const end = Math.min(symbolIds.length, start + this.writeChunk);
      const args: Buffer[] = keys.slice(start, end);
      for (let i = start; i < end; i++) args.push(packed.subarray(i * size, (i + 1) * size));
      calls.push(this.evalScript(this.writeScript, end - start, args));
    }
    await Promise.all(calls);
  }

  async read(fsHash: string, symbolIds: Int32Array, out?: OnlineVectors): Promise<OnlineVectors> {
    const nCols = this.widths.get(fsHash);
    const res = checkRead(fsHash, nCols, symbolIds, out);
    const keys = this.keysFor(fsHash, symbolIds);
    if (this.readMode === 'script') {
      const size = packedSize(nCols);
      const blob = (await this.evalScript(this.readScript, keys.length, [...keys, String(size)])) as Buffer;
      if (this.scratch.length < symbolIds.length * (1 + nCols)) {
        this.scratch = new Float64Array(symbolIds.length * (1 + nCols));
      }
      unpackRows(blob, nCols, res.eventTimes, res.matrix, this.scratch);
      return res;
    }
    const values = await this.readByPipeline(keys);
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
    this.keys.clear();
    await this.close();
  }

  /** The keys of `symbolIds` (a fresh array; the encoded keys themselves are cached per symbol id). */
  private keysFor(fsHash: string, symbolIds: Int32Array): Buffer[] {
    const cache = this.keys.get(fsHash)!;
    const out = new Array<Buffer>(symbolIds.length);
    for (let i = 0; i < symbolIds.length; i++) {
      const id = symbolIds[i]!;
      let k = cache[id];
      if (k === undefined) {
        k = Buffer.from(onlineKey(fsHash, id));
        cache[id] = k;
      }
      out[i] = k;
    }
    return out;
  }

  private async readByPipeline(keys: readonly Buffer[]): Promise<Array<Buffer | null>> {
    const p = this.client.pipeline();
    for (const k of keys) p.hgetBuffer(k, VECTOR_FIELD);
    const replies = (await p.exec()) ?? [];
    const out = new Array<Buffer | null>(keys.length);
    for (let i = 0; i < keys.length; i++) {
      const [err, value] = replies[i] ?? [new Error('missing pipeline reply'), null];
      if (err) throw err;
      out[i] = value as Buffer | null;
    }
    return out;
  }

  /** EVALSHA with binary replies, reloading the script once if Redis lost it (restart, SCRIPT FLUSH). */
  private async evalScript(
    script: Script,
    numKeys: number,
    args: ReadonlyArray<string | Buffer>,
  ): Promise<unknown> {
    try {
      return await this.client.callBuffer('EVALSHA', [script.sha, numKeys, ...args]);
    } catch (err) {
      if (!(err instanceof Error) || !err.message.startsWith('NOSCRIPT')) throw err;
      script.sha = String(await this.client.script('LOAD', script.lua));
      return await this.client.callBuffer('EVALSHA', [script.sha, numKeys, ...args]);
    }
  }
}
