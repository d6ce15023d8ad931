/** CSV market-data loaders: vendor layouts, streaming parse into a BarFrame. */
export { type CsvFields, type CsvReadOptions, type CsvRowSink, cellText, readCsv } from './csvReader.js';
export {
  type ColumnNames,
  CSV_LAYOUTS,
  CSV_ROLES,
  type CsvLayout,
  type CsvLayoutName,
  type CsvRole,
  detectLayout,
} from './layouts.js';
export { DuplicateSymbolError, loadCsv, loadCsvFiles } from './loadCsv.js';
export type { TimeUnit } from './timestampBytes.js';
export type { CsvFileInput, CsvLoadOptions, LoadedColumns, LoadResult, MultiLoadResult } from './types.js';
