/**
 * A study's storage: one JSON-lines file.
 *
 *   line 1        {"type":"study","version":1,"direction":…,"seed":…,"space":{…}}
 *   line 2…       {"type":"trial","number":…,"params":{…},"state":…,"value":…,
 *                  "intermediate":[[step,value],…],"durationMs":…,"error":…}
 *
 * The file is created whole (temp file + rename); each finished trial is one
 * appended line, fsync'd, so a crash can tear at most the last line. Opening
 * drops such a torn tail (a last line with no newline that does not parse)
 * and rewrites the file without it, atomically; any other bad line is a
 * DataError. Trial lines may arrive out of number
 * order (parallel trials finish out of order) and are sorted on load.
 * One writer at a time: two processes appending to one study are not supported.
 */
import { appendFileSync, existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { z } from 'zod';
import { DataError, ErrorCode } from '../../core/errors.js';
import type { Params, SearchSpace } from './space.js';
import { contains, normalizeSpace } from './space.js';
import type { Direction, Trial } from './trial.js';

const paramValue = z.union([z.number(), z.string(), z.boolean()]);

const paramSpec = z.discriminatedUnion('type', [
  z.object({
    type: z.literal('float'),
    low: z.number(),
    high: z.number(),
    log: z.boolean(),
    step: z.number().nullable(),
  }),
  z.object({ type: z.literal('int'), low: z.number(), high: z.number(), log: z.boolean(), step: z.number() }),
  z.object({ type: z.literal('categorical'), choices: z.array(paramValue) }),
]);

const headerSchema = z.object({
  type: z.literal('study'),
  version: z.literal(1),
  direction: z.enum(['minimize', 'maximize']),
  seed: z.number().int(),
  space: z.record(z.string(), paramSpec),
});

const trialSchema = z.object({
  type: z.literal('trial'),
  number: z.number().int().nonnegative(),
  params: z.record(z.string(), paramValue),
  state: z.enum(['complete', 'pruned', 'failed']),
  value: z.number().nullable(),
  intermediate: z.array(z.tuple([z.number().int().nonnegative(), z.number()])),
  durationMs: z.number(),
  error: z.string().nullable(),
});

/** What identifies a study; re-opening with a different header is refused. */
export interface StudyHeader {
  readonly direction: Direction;
  readonly seed: number;
  /** Normalized (see `normalizeSpace`). */
  readonly space: SearchSpace;
}

export class StudyJournal {
  private constructor(readonly path: string) {}

  /**
   * Opens (creating when absent) the study file at `path` and returns it with
   * its stored trials sorted by number. Throws DataError when the file belongs
   * to a different study or is corrupt.
   */
  static open(path: string, header: StudyHeader): { journal: StudyJournal; trials: Trial[] } {
    const headerLine = headerJson(header);
    if (!existsSync(path)) {
      writeWhole(path, `${headerLine}\n`);
      return { journal: new StudyJournal(path), trials: [] };
    }
    const text = readFileSync(path, 'utf8');
    const lines = text.split('\n');
    const tail = lines.pop()!;
    const trials: Trial[] = [];
    const seen = new Set<number>();
    const parse = (line: string, row: number): unknown => {
      try {
        return JSON.parse(line);
      } catch (err) {
        throw new DataError(ErrorCode.CorruptFile, 'study line is not JSON', {
          file: path,
          row,
          rule: 'jsonl',
          cause: err,
        });
      }
    };
    if (lines.length === 0) {
      throw new DataError(ErrorCode.CorruptFile, 'study file has no header line', { file: path, row: 1 });
    }
    const h = headerSchema.safeParse(parse(lines[0]!, 1));
    if (!h.success) {
      throw new DataError(ErrorCode.CorruptFile, `bad study header: ${h.error.message}`, {
        file: path,
        row: 1,
      });
    }
    if (headerJson({ ...h.data, space: storedSpace(h.data.space, path) }) !== headerLine) {
      throw new DataError(
        ErrorCode.InvalidInput,
        'the study file was created with another direction, seed or space',
        {
          file: path,
          row: 1,
          rule: 'same-study',
        },
      );
    }
    const readTrial = (line: string, row: number): Trial => {
      const r = trialSchema.safeParse(parse(line, row));
      if (!r.success)
        throw new DataError(ErrorCode.CorruptFile, `bad trial line: ${r.error.message}`, { file: path, row });
      const { type: _type, ...trial } = r.data;
      checkTrial(trial, header.space, path, row);
      if (seen.has(trial.number)) {
        throw new DataError(ErrorCode.Duplicate, `trial ${trial.number} stored twice`, { file: path, row });
      }
      seen.add(trial.number);
      return trial;
    };
    for (let i = 1; i < lines.length; i++) trials.push(readTrial(lines[i]!, i + 1));
    // A crash mid-append can leave a last line without its newline: keep it if
    // it is whole, drop it if torn, and rewrite the file to end cleanly.
    if (tail !== '') {
      try {
        trials.push(readTrial(tail, lines.length + 1));
        lines.push(tail);
      } catch (err) {
        if (!(err instanceof DataError)) throw err;
      }
      writeWhole(path, lines.map((l) => `${l}\n`).join(''));
    }
    trials.sort((a, b) => a.number - b.number);
    return { journal: new StudyJournal(path), trials };
  }

  /** Appends one finished trial (one small append, fsync'd). */
  append(trial: Trial): void {
    appendFileSync(this.path, `${JSON.stringify({ type: 'trial', ...trial })}\n`, { flush: true });
  }
}

/** The stored space normalized; an invalid one makes the file corrupt. */
function storedSpace(space: SearchSpace, file: string): SearchSpace {
  try {
    return normalizeSpace(space);
  } catch (err) {
    throw new DataError(ErrorCode.CorruptFile, 'the stored search space is invalid', {
      file,
      row: 1,
      cause: err,
    });
  }
}

/** The header line; `header.space` must be normalized so equal studies give equal lines. */
function headerJson(h: StudyHeader): string {
  return JSON.stringify({ type: 'study', version: 1, direction: h.direction, seed: h.seed, space: h.space });
}

function checkTrial(t: Trial, space: SearchSpace, file: string, row: number): void {
  const names = Object.keys(space);
  const p: Params = t.params as Params;
  if (Object.keys(p).length !== names.length || names.some((n) => !(n in p) || !contains(space[n]!, p[n]!))) {
    throw new DataError(ErrorCode.ValidationFailed, `trial ${t.number} has params outside the search space`, {
      file,
      row,
      column: 'params',
    });
  }
  if ((t.state === 'complete') !== (t.value !== null)) {
    throw new DataError(
      ErrorCode.ValidationFailed,
      `trial ${t.number}: value must be set exactly when complete`,
      {
        file,
        row,
        column: 'value',
      },
    );
  }
}

/** Writes `text` to `path` atomically: temp file in the same folder, fsync, rename. */
function writeWhole(path: string, text: string): void {
  const tmp = `${path}.tmp-${process.pid}`;
  writeFileSync(tmp, text, { flush: true });
  renameSync(tmp, path);
}
