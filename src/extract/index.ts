/** The extract reader: streaming JSONL / CSV (gzip, GB18030), the record schema, the verdict per record. */
export { validateRecord } from './schema';
export { CsvHeader } from './csv';
export { detectFormat, type Row } from './rows';
export { extractRows, judgeRow, validateExtract, type RowJob, type RowBatch } from './read';
export type { ExtractItem, ExtractProgress, JudgeOptions, ReadOptions } from './options';
export type { Encoding, PrintabilityCheck } from '../domain/types';
export { warningsOf, type Warning } from './warnings';
