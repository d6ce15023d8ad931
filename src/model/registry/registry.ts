/**
 * The local model registry: a folder (default `.alphaflow/models`) holding
 *
 *   v0001/manifest.json + model.txt     one folder per registered version
 *   v0002/…
 *   production.json                     {"version":"v0002","history":["v0001","v0002"]}
 *
 * A version appears whole or not at all: it is written into a hidden temp
 * folder (`.tmp-…`) and renamed into place, so a failed or crashed
 * registration leaves no version behind. The production pointer is replaced
 * by temp file + rename. Anything else in the folder is ignored, so the
 * registry may live inside the Parquet lake (its files are .json/.txt, never
 * picked up as lake data). One registering process at a time is assumed; a
 * rename that collides with a concurrent registration retries the next number.
 */
import {
  closeSync,
  existsSync,
  fsyncSync,
  mkdirSync,
  mkdtempSync,
  openSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';
import { ErrorCode, ModelError } from '../../core/errors.js';
import type { Micros } from '../../core/time.js';
import type { ModelManifest } from './manifest.js';
import { manifestSchema, productionSchema, sha256Hex, VERSION_PATTERN } from './manifest.js';

export const DEFAULT_REGISTRY_ROOT = '.alphaflow/models';
const MODEL_FILE = 'model.txt';
const MANIFEST_FILE = 'manifest.json';
const PRODUCTION_FILE = 'production.json';

export interface RegistryOptions {
  /** Registry folder (created on first register). */
  readonly root?: string;
  /** Current time, epoch µs (stamps `createdAt`). */
  readonly clock: () => Micros;
  /** Writes one whole file durably; a seam for crash tests (default: write + fsync). */
  readonly writeFile?: (path: string, text: string) => void;
}

/** What the caller supplies to register a model; the registry adds version, time and checksum. */
export interface RegisterInput
  extends Omit<
    ModelManifest,
    'version' | 'createdAt' | 'parent' | 'modelFile' | 'modelSha256' | 'modelBytes' | 'adversarialAuc'
  > {
  /** Out-of-fold AUC of adversarial validation; default null (not run). */
  readonly adversarialAuc?: number | null;
  /** The model itself (e.g. LightGBM's model string). */
  readonly modelText: string;
  /** sha256 the producer computed for `modelText`; a mismatch means it was corrupted on the way. */
  readonly modelSha256?: string;
  /** Version this model derives from; default the latest registered version (null when empty). */
  readonly parent?: string | null;
}

function durableWrite(path: string, text: string): void {
  writeFileSync(path, text, { flush: true });
}

function versionNumber(v: string): number {
  return Number(VERSION_PATTERN.exec(v)![1]);
}

export class ModelRegistry {
  readonly root: string;
  private readonly clock: () => Micros;
  private readonly writeFile: (path: string, text: string) => void;

  constructor(opts: RegistryOptions) {
    this.root = opts.root ?? DEFAULT_REGISTRY_ROOT;
    this.clock = opts.clock;
    this.writeFile = opts.writeFile ?? durableWrite;
  }

  /**
   * Stores a new version atomically and returns its manifest. Throws
   * ModelError: E_CORRUPT_MODEL when the text does not match `modelSha256` or
   * reads back differently, E_INVALID_INPUT for a bad manifest field,
   * E_NOT_FOUND for an unknown parent. On any failure the registry is unchanged.
   */
  register(input: RegisterInput): ModelManifest {
    const modelSha256 = sha256Hex(input.modelText);
    if (input.modelSha256 !== undefined && input.modelSha256 !== modelSha256) {
      throw new ModelError(ErrorCode.CorruptModel, 'model text does not match its sha256', {
        rule: 'checksum',
      });
    }
    const existing = this.versions();
    const parent = input.parent === undefined ? (existing[existing.length - 1] ?? null) : input.parent;
    if (parent !== null && !existing.includes(parent)) {
      throw new ModelError(ErrorCode.NotFound, `parent version ${parent} is not registered`, {
        file: this.root,
      });
    }
    const draft = {
      // Placeholder: the number is taken at rename time, when it is known to be free.
      version: 'v0000',
      kind: input.kind,
      featureSetHash: input.featureSetHash,
      featureNames: [...input.featureNames],
      trainWindow: { from: input.trainWindow.from, to: input.trainWindow.to },
      labelSpec: input.labelSpec,
      cvMetrics: { ...input.cvMetrics },
      adversarialAuc: input.adversarialAuc ?? null,
      params: { ...input.params },
      dataHash: input.dataHash,
      createdAt: this.clock(),
      parent,
      modelFile: MODEL_FILE,
      modelSha256,
      modelBytes: Buffer.byteLength(input.modelText, 'utf8'),
    };
    checkManifest(draft);

    mkdirSync(this.root, { recursive: true });
    const tmp = mkdtempSync(join(this.root, '.tmp-'));
    try {
      this.writeFile(join(tmp, MODEL_FILE), input.modelText);
      if (sha256Hex(readFileSync(join(tmp, MODEL_FILE), 'utf8')) !== modelSha256) {
        throw new ModelError(ErrorCode.CorruptModel, 'model file reads back with another sha256', {
          file: join(tmp, MODEL_FILE),
          rule: 'checksum',
        });
      }
      for (let attempt = 0; ; attempt++) {
        const last = this.versions().at(-1);
        const version = `v${String((last === undefined ? 0 : versionNumber(last)) + 1).padStart(4, '0')}`;
        const manifest: ModelManifest = { ...draft, version };
        this.writeFile(join(tmp, MANIFEST_FILE), `${JSON.stringify(manifest, null, 2)}\n`);
        try {
          renameSync(tmp, join(this.root, version));
          fsyncDir(this.root);
          return manifest;
        } catch (err) {
          const code = (err as NodeJS.ErrnoException).code;
          if (attempt >= 5 || (code !== 'ENOTEMPTY' && code !== 'EEXIST')) throw err;
        }
      }
    } catch (err) {
      rmSync(tmp, { recursive: true, force: true });
      throw err;
    }
  }

  /** Every version's manifest, oldest first. */
  list(): ModelManifest[] {
    return this.versions().map((v) => this.get(v));
  }

  /** Manifest of `version` (ModelError E_NOT_FOUND / E_CORRUPT_MODEL). */
  get(version: string): ModelManifest {
    const file = join(this.root, version, MANIFEST_FILE);
    if (!VERSION_PATTERN.test(version) || !existsSync(file)) {
      throw new ModelError(ErrorCode.NotFound, `model version ${version} is not registered`, {
        file: this.root,
      });
    }
    let parsed: unknown;
    try {
      parsed = JSON.parse(readFileSync(file, 'utf8'));
    } catch (err) {
      throw new ModelError(ErrorCode.CorruptModel, 'manifest is not JSON', { file, cause: err });
    }
    const r = manifestSchema.safeParse(parsed);
    if (!r.success || r.data.version !== version) {
      throw new ModelError(
        ErrorCode.CorruptModel,
        `manifest is invalid: ${r.error?.message ?? 'version mismatch'}`,
        {
          file,
        },
      );
    }
    return r.data;
  }

  /** The newest version's manifest, or undefined when the registry is empty. */
  latest(): ModelManifest | undefined {
    const v = this.versions().at(-1);
    return v === undefined ? undefined : this.get(v);
  }

  /** The model text of `version`, verified against the manifest's sha256 (ModelError E_CORRUPT_MODEL). */
  loadModelText(version: string): string {
    const m = this.get(version);
    const file = join(this.root, version, m.modelFile);
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch (err) {
      throw new ModelError(ErrorCode.CorruptModel, 'model file is missing', { file, cause: err });
    }
    if (sha256Hex(text) !== m.modelSha256) {
      throw new ModelError(ErrorCode.CorruptModel, 'model file does not match the sha256 in its manifest', {
        file,
        rule: 'checksum',
      });
    }
    return text;
  }

  /** The version currently in production, or undefined. */
  production(): string | undefined {
    return this.readProduction()?.version;
  }

  /** Marks `version` as production (its model file must verify); re-promoting the current one is a no-op. */
  promote(version: string): void {
    this.loadModelText(version);
    const cur = this.readProduction();
    if (cur?.version === version) return;
    this.writeProduction({ version, history: [...(cur?.history ?? []), version] });
  }

  /** Puts the previously promoted version back into production and returns it (ModelError E_REGISTRY when none). */
  rollback(): string {
    const cur = this.readProduction();
    if (cur === undefined || cur.history.length < 2) {
      throw new ModelError(ErrorCode.Registry, 'no earlier production version to roll back to', {
        file: join(this.root, PRODUCTION_FILE),
      });
    }
    const history = cur.history.slice(0, -1);
    const version = history[history.length - 1]!;
    this.loadModelText(version);
    this.writeProduction({ version, history });
    return version;
  }

  /** Registered versions, oldest first (only complete `vNNNN` folders with a manifest count). */
  private versions(): string[] {
    if (!existsSync(this.root)) return [];
    return readdirSync(this.root, { withFileTypes: true })
      .filter(
        (d) =>
          d.isDirectory() &&
          VERSION_PATTERN.test(d.name) &&
          existsSync(join(this.root, d.name, MANIFEST_FILE)),
      )
      .map((d) => d.name)
      .sort((a, b) => versionNumber(a) - versionNumber(b));
  }

  private readProduction(): { version: string; history: string[] } | undefined {
    const file = join(this.root, PRODUCTION_FILE);
    if (!existsSync(file)) return undefined;
    let parsed: unknown;
    try {
      parsed = JSON.parse(readFileSync(file, 'utf8'));
    } catch (err) {
      throw new ModelError(ErrorCode.Registry, 'production pointer is not JSON', { file, cause: err });
    }
    const r = productionSchema.safeParse(parsed);
    if (!r.success || r.data.history.at(-1) !== r.data.version) {
      throw new ModelError(ErrorCode.Registry, 'production pointer is invalid', { file });
    }
    return r.data;
  }

  private writeProduction(p: { version: string; history: string[] }): void {
    const file = join(this.root, PRODUCTION_FILE);
    const tmp = `${file}.tmp-${process.pid}`;
    try {
      this.writeFile(tmp, `${JSON.stringify(p)}\n`);
      renameSync(tmp, file);
    } catch (err) {
      rmSync(tmp, { force: true });
      throw err;
    }
  }
}

/** Validates a manifest before it is written (schema plus cross-field rules); ModelError E_INVALID_INPUT. */
function checkManifest(m: ModelManifest): void {
  const r = manifestSchema.safeParse(m);
  if (!r.success) throw new ModelError(ErrorCode.InvalidInput, `bad model manifest: ${r.error.message}`);
  if (new Set(m.featureNames).size !== m.featureNames.length) {
    throw new ModelError(ErrorCode.InvalidInput, 'feature names must be distinct', {
      column: 'featureNames',
    });
  }
  if (!(m.trainWindow.from < m.trainWindow.to)) {
    throw new ModelError(ErrorCode.InvalidInput, 'training window needs from < to', {
      column: 'trainWindow',
    });
  }
  for (const [k, v] of Object.entries(m.cvMetrics)) {
    if (!Number.isFinite(v)) throw new ModelError(ErrorCode.InvalidInput, `CV metric ${k} is not finite`);
  }
}

/** fsync a folder so a rename inside it survives a power loss. */
function fsyncDir(dir: string): void {
  const fd = openSync(dir, 'r');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}
