/**
 * Streaming CSV tokenizer (RFC 4180): reads a file in fixed-size chunks into
 * one reused buffer and hands each record to a sink as field byte ranges, so
 * neither the file nor per-row strings or objects are ever materialised.
 * Handles a UTF-8 BOM, LF and CRLF line ends, quoted fields (with `""`
 * escapes and embedded newlines), blank lines and a missing final newline.
 * Hand-written because the installed packages have no CSV parser, and the
 * common npm ones allocate a string per cell, which caps ingest well below
 * 1 M rows/s.
 */
import { open } from 'node:fs/promises';
import { DataError, ErrorCode } from '../../core/errors.js';

const LF = 10;
const CR = 13;
const QUOTE = 34;
const COMMA = 44;

/** Field flag: the field was quoted. */
export const FIELD_QUOTED = 1;
/** Field flag: the quoted field contains `""` escapes (decode with `cellText`). */
export const FIELD_ESCAPED = 2;

/** Field boundaries of the current record; valid only during the `row` call. */
export interface CsvFields {
  /** Number of fields in the record. */
  count: number;
  /** Byte offset of field i's first content byte (inside the quotes when quoted). */
  readonly start: Int32Array;
  /** Byte offset just past field i's content. */
  readonly end: Int32Array;
  /** FIELD_QUOTED / FIELD_ESCAPED bits per field. */
  readonly flags: Uint8Array;
}

/** Receives the records of a CSV file in order. */
export interface CsvRowSink {
  /**
   * One record; `line` is the 1-based line it starts on (the header is line 1).
   * `buf` and `fields` are reused for the next record: copy what you keep.
   */
  row(buf: Buffer, fields: CsvFields, line: number): void;
}

export interface CsvReadOptions {
  /** Read size, bytes (default 1 MiB); the buffer grows past it only for a longer record. */
  chunkBytes?: number;
  /** Called after each chunk with the bytes consumed so far (progress, capacity estimates). */
  onChunk?: (bytesRead: number, fileBytes: number) => void;
}

/** Reads `path` and feeds every non-blank record to `sink`; returns the number of records. */
export async function readCsv(path: string, sink: CsvRowSink, opts: CsvReadOptions = {}): Promise<number> {
  const handle = await open(path, 'r');
  try {
    const fileBytes = (await handle.stat()).size;
    const tokenizer = new CsvTokenizer(path, sink);
    // One byte past the data is kept for a sentinel (see CsvTokenizer.feed).
    let buf = Buffer.allocUnsafe(Math.max(64, opts.chunkBytes ?? 1 << 20) + 1);
    let carry = 0;
    let total = 0;
    let first = true;
    for (;;) {
      const { bytesRead } = await handle.read(buf, carry, buf.length - 1 - carry, null);
      const end = carry + bytesRead;
      buf[end] = LF;
      const eof = bytesRead === 0;
      let from = 0;
      if (first && end >= 3 && buf[0] === 0xef && buf[1] === 0xbb && buf[2] === 0xbf) from = 3;
      first = false;
      const consumed = tokenizer.feed(buf, from, end, eof);
      total += bytesRead;
      opts.onChunk?.(total, fileBytes);
      if (eof) break;
      carry = end - consumed;
      if (carry === buf.length - 1) {
        // One record longer than the buffer: grow it rather than split the record.
        const bigger = Buffer.allocUnsafe(buf.length * 2);
        buf.copy(bigger, 0, consumed, end);
        buf = bigger;
      } else {
        buf.copyWithin(0, consumed, end);
      }
    }
    return tokenizer.records;
  } finally {
    await handle.close();
  }
}

/** Tokenizer state across chunks: line counter and the reusable field arrays. */
class CsvTokenizer {
  records = 0;
  private line = 1;
  private fields: CsvFields = {
    count: 0,
    start: new Int32Array(64),
    end: new Int32Array(64),
    flags: new Uint8Array(64),
  };

  constructor(
    private readonly path: string,
    private readonly sink: CsvRowSink,
  ) {}

  /**
   * Tokenizes complete records in buf[from, end) and returns the offset of the
   * first byte not consumed (the start of an incomplete record), which the
   * caller moves to the buffer start before reading on. buf[end] must be a
   * sentinel LF: the unquoted-field scan, the hottest loop, then needs no
   * bounds check.
   */
  feed(buf: Buffer, from: number, end: number, eof: boolean): number {
    let p = from;
    for (;;) {
      const rowStart = p;
      const rowLine = this.line;
      if (p >= end) return p;
      const c0 = buf[p]!;
      if (c0 === LF) {
        p++;
        this.line++;
        continue;
      }
      if (c0 === CR) {
        if (p + 1 >= end && !eof) return rowStart;
        if (p + 1 >= end || buf[p + 1] === LF) {
          p = Math.min(end, p + 2);
          this.line++;
          continue;
        }
      }
      let f = this.fields;
      let nf = 0;
      let complete = false;
      while (!complete) {
        if (nf === f.start.length) f = this.growFields();
        let s: number;
        let e: number;
        let flag = 0;
        if (p < end && buf[p] === QUOTE) {
          p++;
          s = p;
          flag = FIELD_QUOTED;
          for (;;) {
            if (p >= end) {
              if (eof) throw this.error('unterminated quoted field', rowLine, 'csv-quote');
              this.line = rowLine;
              return rowStart;
            }
            const c = buf[p]!;
            if (c === QUOTE) {
              if (p + 1 >= end && !eof) {
                this.line = rowLine;
                return rowStart;
              }
              if (p + 1 < end && buf[p + 1] === QUOTE) {
                flag = FIELD_QUOTED | FIELD_ESCAPED;
                p += 2;
                continue;
              }
              break;
            }
            if (c === LF) this.line++;
            p++;
          }
          e = p;
          p++;
          if (p < end && buf[p] === CR) p++;
          if (p < end && buf[p] !== COMMA && buf[p] !== LF) {
            throw this.error('unexpected character after a closing quote', rowLine, 'csv-quote');
          }
          if (p >= end && !eof) {
            this.line = rowLine;
            return rowStart;
          }
        } else {
          s = p;
          for (;;) {
            // Every byte above ',' (digits, letters, '.', '-', ':') is field content: one compare for most bytes.
            const c = buf[p]!;
            if (c <= COMMA && (c === COMMA || c === LF)) break;
            p++;
          }
          if (p >= end && !eof) {
            this.line = rowLine;
            return rowStart;
          }
          e = p > s && buf[p - 1] === CR ? p - 1 : p;
        }
        f.start[nf] = s;
        f.end[nf] = e;
        f.flags[nf] = flag;
        nf++;
        if (p >= end) {
          complete = true;
        } else {
          const c = buf[p++]!;
          if (c === LF) {
            this.line++;
            complete = true;
          } else if (p >= end && !eof) {
            // A comma ends the chunk: the record's last field is still to come.
            this.line = rowLine;
            return rowStart;
          }
        }
      }
      f.count = nf;
      this.records++;
      this.sink.row(buf, f, rowLine);
    }
  }

  /** Doubles the field arrays (a record wider than any before); returns the new ones. */
  private growFields(): CsvFields {
    const n = this.fields.start.length * 2;
    const grown = { count: 0, start: new Int32Array(n), end: new Int32Array(n), flags: new Uint8Array(n) };
    grown.start.set(this.fields.start);
    grown.end.set(this.fields.end);
    grown.flags.set(this.fields.flags);
    this.fields = grown;
    return grown;
  }

  private error(message: string, row: number, rule: string): DataError {
    return new DataError(ErrorCode.InvalidInput, message, { file: this.path, row, rule });
  }
}

/** Field i of `fields` as a string (quotes removed, `""` unescaped, UTF-8). */
export function cellText(buf: Buffer, fields: CsvFields, i: number): string {
  const text = buf.toString('utf8', fields.start[i]!, fields.end[i]!);
  return (fields.flags[i]! & FIELD_ESCAPED) !== 0 ? text.replaceAll('""', '"') : text;
}
