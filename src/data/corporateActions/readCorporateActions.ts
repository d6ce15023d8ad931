/**
 * Corporate-action events from API objects and from CSV files, validated by
 * one schema.
 *
 * CSV: header `symbol,type,ex_date,value,announced` (any order, any case).
 * - type: `split` or `dividend`.
 * - ex_date: the first date (or ISO date-time) trading on the new basis;
 *   a date stands for `dateTime` in `timeZone`, exactly as the bar loader
 *   stamps daily bars, so pass both loaders the same two options.
 * - value: split ratio, new shares per old (`2`, or `2:1`; `1:10` is a
 *   1-for-10 reverse split); dividend cash per share in price units, in the
 *   share basis of the bars before the ex-date.
 * - announced: when the event became known. A date-only value counts from
 *   the END of that date (00:00 of the next day in `timeZone`): the hour of
 *   an announcement is unknown, and taking the start of the day could leak
 *   an after-close announcement into that day's data. Use a date-time for
 *   precision.
 */
import { z } from 'zod';
import { DataError, ErrorCode } from '../../core/errors.js';
import { MICROS_PER_DAY } from '../../core/time.js';
import { type CsvFields, type CsvRowSink, cellText, readCsv } from '../csv/csvReader.js';
import { parseDecimal } from '../csv/numberBytes.js';
import { parseTimeOfDay, TimestampParser } from '../csv/timestampBytes.js';
import { TimeZone } from '../timeZone.js';
import type { CorporateAction } from './types.js';

const micros = z.number().int();
const symbol = z.string().trim().min(1);

/** Schema of one event object (times epoch µs). */
export const CorporateActionSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('split'), symbol, exTs: micros, ratio: z.number().positive(), knownAt: micros }),
  z.object({
    kind: z.literal('dividend'),
    symbol,
    exTs: micros,
    amount: z.number().positive(),
    knownAt: micros,
  }),
]);

/** Validated events from API input; a bad item is a DataError whose row is its 1-based position and column the field. */
export function corporateActionsFromObjects(items: readonly unknown[]): CorporateAction[] {
  return items.map((item, i) => parseAction(item, { row: i + 1 }));
}

export interface CorporateActionCsvOptions {
  /** Zone of dates and naive date-times (default 'UTC'). */
  timeZone?: string;
  /** Local time an ex-date stands for, 'HH:MM' (default '00:00'). */
  dateTime?: string;
}

/** Events from a CSV file (format in the module head). */
export async function loadCorporateActionsCsv(
  path: string,
  opts: CorporateActionCsvOptions = {},
): Promise<CorporateAction[]> {
  const sink = new ActionCsvSink(path, opts);
  await readCsv(path, sink);
  if (!sink.sawHeader) {
    throw new DataError(ErrorCode.EmptyFile, 'the file is empty (no header)', {
      file: path,
      rule: 'non-empty file',
    });
  }
  return sink.actions;
}

const CSV_COLUMNS = ['symbol', 'type', 'ex_date', 'value', 'announced'] as const;
type CsvColumn = (typeof CSV_COLUMNS)[number];
/** CSV column of each event field, for error locations. */
const FIELD_COLUMN: Readonly<Record<string, CsvColumn>> = {
  symbol: 'symbol',
  kind: 'type',
  exTs: 'ex_date',
  ratio: 'value',
  amount: 'value',
  knownAt: 'announced',
};

class ActionCsvSink implements CsvRowSink {
  readonly actions: CorporateAction[] = [];
  sawHeader = false;
  private readonly col = {} as Record<CsvColumn, number>;
  private readonly exParser: TimestampParser;
  private readonly knownParser: TimestampParser;

  constructor(
    private readonly file: string,
    opts: CorporateActionCsvOptions,
  ) {
    const zone = TimeZone.of(opts.timeZone ?? 'UTC', { file, column: 'ex_date' });
    this.exParser = new TimestampParser('iso', zone, parseTimeOfDay(opts.dateTime ?? '00:00', 'dateTime'));
    this.knownParser = new TimestampParser('iso', zone, MICROS_PER_DAY);
  }

  row(buf: Buffer, f: CsvFields, line: number): void {
    if (!this.sawHeader) {
      const names: string[] = [];
      for (let i = 0; i < f.count; i++) names.push(cellText(buf, f, i).trim().toLowerCase());
      for (const c of CSV_COLUMNS) {
        this.col[c] = names.indexOf(c);
        if (this.col[c] < 0) {
          throw new DataError(ErrorCode.BadHeader, `missing column '${c}' (found: ${names.join(',')})`, {
            file: this.file,
            row: 1,
            column: c,
            rule: 'required column',
          });
        }
      }
      this.sawHeader = true;
      return;
    }
    const where = { file: this.file, row: line };
    const text = (c: CsvColumn): string => cellText(buf, f, this.col[c]).trim();
    const time = (c: CsvColumn, parser: TimestampParser): number => {
      const i = this.col[c];
      const t = parser.parse(buf, f.start[i]!, f.end[i]!);
      if (Number.isNaN(t)) {
        throw new DataError(ErrorCode.InvalidInput, `'${text(c)}' is not a date or ISO date-time`, {
          ...where,
          column: c,
          rule: 'timestamp format',
        });
      }
      return t;
    };
    const type = text('type').toLowerCase();
    const value = parseValue(text('value'), type);
    if (Number.isNaN(value)) {
      throw new DataError(ErrorCode.NotNumeric, `'${text('value')}' is not a ${type} value`, {
        ...where,
        column: 'value',
        rule: 'numeric cell',
      });
    }
    const base = {
      symbol: text('symbol'),
      exTs: time('ex_date', this.exParser),
      knownAt: time('announced', this.knownParser),
    };
    const item =
      type === 'split' ? { kind: 'split', ...base, ratio: value } : { kind: type, ...base, amount: value };
    this.actions.push(parseAction(item, where, FIELD_COLUMN));
  }
}

/** A split value (`2`, `2:1`, `1:10`) or dividend amount; NaN when malformed. */
function parseValue(text: string, type: string): number {
  const ratio = type === 'split' ? /^\s*([\d.]+)\s*[:/]\s*([\d.]+)\s*$/.exec(text) : null;
  if (ratio) return Number(ratio[1]) / Number(ratio[2]);
  const bytes = Buffer.from(text, 'latin1');
  return parseDecimal(bytes, 0, bytes.length);
}

function parseAction(
  item: unknown,
  where: { file?: string; row: number },
  columnOf: Readonly<Record<string, string>> = {},
): CorporateAction {
  const parsed = CorporateActionSchema.safeParse(item);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0]!;
  const field = String(issue.path[0] ?? 'kind');
  throw new DataError(ErrorCode.InvalidInput, issue.message, {
    ...where,
    column: columnOf[field] ?? field,
    rule: `corporate action ${field}`,
  });
}
