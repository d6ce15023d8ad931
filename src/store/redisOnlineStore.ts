/**
 * Redis online store (ioredis): one Redis hash per (feature set, symbol)
 * holding the packed vector (vectorCodec.ts), keys from redisKeys.ts.
 *
 * Writes run one Lua script per chunk, so the "older event time never
 * overwrites" rule is applied atomically on the server. A universe read is
 * one pipelined multi-get of HGETs on a second, hand-written connection
 * (redisVectorReader.ts) whose replies are decoded into the caller's arrays.
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
import { onlineKey, onlineKeyPattern, onlineKeyPrefix, VECTOR_FIELD } from './redisKeys.js';
import { type RedisEndpoint, RedisVectorReader } from './redisVectorReader.js';
import { packedSize, packRows } from './vectorCodec.js';

/**
 * Write script arguments:
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

export interface RedisOnlineStoreOptions {
  /** Redis URL ('redis://127.0.0.1:6379') or ioredis options. */
  connection: string | RedisOptions;
  /** Vectors per write-script call (bounds the time one call blocks Redis). Default 1000. */
  writeChunk?: number;
}

/** The read connection's endpoint from ioredis' resolved options (which use null for "not set"). */
function readEndpoint(o: RedisOptions): RedisEndpoint {
  return {
    host: o.host ?? undefined,
    port: o.port ?? undefined,
    path: o.path ?? undefined,
    tls: o.tls ?? undefined,
    username: o.username ?? undefined,
    password: o.password ?? undefined,
    db: o.db ?? undefined,
    connectTimeout: o.connectTimeout ?? undefined,
  };
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
    private readonly reader: RedisVectorReader,
    private readonly writeChunk: number,
    private readonly writeScript: Script,
  ) {}

  /** Connects (a command and a read connection) and loads the write script; throws E_CONFIG when Redis cannot be reached. */
  static async connect(opts: RedisOnlineStoreOptions): Promise<RedisOnlineStore> {
    const base: RedisOptions = { lazyConnect: true, maxRetriesPerRequest: 3 };
    const client =
      typeof opts.connection === 'string'
        ? new Redis(opts.connection, base)
        : new Redis({ ...base, ...opts.connection });
    try {
      await client.connect();
      const write = { lua: WRITE_LATEST_LUA, sha: String(await client.script('LOAD', WRITE_LATEST_LUA)) };
      const reader = await RedisVectorReader.open(readEndpoint(client.options));
      return new RedisOnlineStore(client, reader, opts.writeChunk ?? 1000, write);
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
    await this.reader.read(
      onlineKeyPrefix(fsHash),
      VECTOR_FIELD,
      symbolIds,
      nCols,
      res.eventTimes,
      res.matrix,
    );
    return res;
  }

  async close(): Promise<void> {
    await this.reader.close();
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
