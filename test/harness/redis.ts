/**
 * A real, throw-away redis-server for tests and benchmarks: a free loopback
 * port, no persistence (`--save '' --appendonly no`), its own temp dir, ready
 * once it answers PING; `stop()` (and, as a safety net, process exit) kills
 * it and removes the dir. No vitest import, so benchmarks can use it too.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createConnection, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';

/** The Debian package's path; PATH is searched when it is not there. */
const DEBIAN_PATH = '/usr/bin/redis-server';

/** The install hint printed when redis-server is missing. */
export const REDIS_INSTALL_HINT = 'apt-get install redis-server';

export interface RedisServer {
  readonly host: string;
  readonly port: number;
  /** 'redis://127.0.0.1:<port>' */
  readonly url: string;
  /** The server's temp working dir (removed by stop()). */
  readonly dir: string;
  /** Kills the server and removes its temp dir (idempotent). */
  stop(): Promise<void>;
}

/** Path of redis-server, or undefined when it is not installed. */
export function redisServerPath(): string | undefined {
  if (existsSync(DEBIAN_PATH)) return DEBIAN_PATH;
  for (const dir of (process.env.PATH ?? '').split(delimiter)) {
    const p = join(dir, 'redis-server');
    if (dir !== '' && existsSync(p)) return p;
  }
  return undefined;
}

/** Warns loudly (stderr) that Redis-backed checks are skipped, with the install command. */
export function warnRedisMissing(what: string): void {
  console.warn(
    `\n!!!!!!!!!!\n!!! redis-server not found: SKIPPING ${what}.\n!!! Install it with: ${REDIS_INSTALL_HINT} (scripts/setup.sh does)\n!!!!!!!!!!\n`,
  );
}

/** A port that was free a moment ago (bind port 0, read it, release it). */
async function freePort(host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, host, () => {
      const addr = srv.address();
      const port = typeof addr === 'object' && addr !== null ? addr.port : 0;
      srv.close(() => resolve(port));
    });
  });
}

/** True once the server answers PING with +PONG. */
async function answersPing(host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const sock = createConnection({ host, port });
    let reply = '';
    const done = (ok: boolean): void => {
      sock.destroy();
      resolve(ok);
    };
    sock.setTimeout(500, () => done(false));
    sock.once('error', () => done(false));
    sock.once('connect', () => sock.write('PING\r\n'));
    sock.on('data', (d) => {
      reply += d.toString('latin1');
      if (reply.includes('\r\n')) done(reply.startsWith('+PONG'));
    });
  });
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** Everything still running, killed on process exit if a test forgot `stop()`. */
const live = new Set<{ child: ChildProcess; dir: string }>();
let exitHookInstalled = false;

function installExitHook(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.once('exit', () => {
    for (const s of live) {
      s.child.kill('SIGKILL');
      rmSync(s.dir, { recursive: true, force: true });
    }
  });
}

/**
 * Starts redis-server on a free 127.0.0.1 port and resolves once it answers
 * PING (retrying on another port if the chosen one was taken meanwhile).
 * Throws when redis-server is not installed: check `redisServerPath()` first.
 */
export async function startRedisServer(opts: { readyTimeoutMs?: number } = {}): Promise<RedisServer> {
  const bin = redisServerPath();
  if (bin === undefined) throw new Error(`redis-server not found; install it with: ${REDIS_INSTALL_HINT}`);
  const host = '127.0.0.1';
  const timeout = opts.readyTimeoutMs ?? 10_000;
  installExitHook();
  let lastError = '';
  for (let attempt = 0; attempt < 5; attempt++) {
    const port = await freePort(host);
    const dir = mkdtempSync(join(tmpdir(), 'af-redis-'));
    const args = ['--port', String(port), '--bind', host, '--save', '', '--appendonly', 'no', '--dir', dir];
    const child = spawn(bin, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    const entry = { child, dir };
    live.add(entry);
    let exited = false;
    child.once('exit', () => {
      exited = true;
    });
    // redis-server logs to stdout; keep the tail to explain a failed start.
    const keepTail = (d: Buffer): void => {
      lastError = (lastError + d.toString()).slice(-2000);
    };
    child.stdout?.on('data', keepTail);
    child.stderr?.on('data', keepTail);
    const stop = async (): Promise<void> => {
      if (!live.delete(entry)) return;
      if (!exited) {
        const gone = new Promise<void>((r) => child.once('exit', () => r()));
        child.kill('SIGTERM');
        await Promise.race([gone, sleep(2000)]);
        if (!exited) child.kill('SIGKILL');
      }
      rmSync(dir, { recursive: true, force: true });
    };
    const deadline = performance.now() + timeout;
    while (!exited && performance.now() < deadline) {
      if (await answersPing(host, port)) return { host, port, url: `redis://${host}:${port}`, dir, stop };
      await sleep(25);
    }
    await stop();
  }
  throw new Error(`redis-server did not become ready: ${lastError.trim()}`);
}
