/** What the extract reader takes and gives. */
import type { Distribution, Encoding, ExceptionEntry, InsuredRecord, PrintabilityCheck, WarningRules } from '../domain/types';
import type { Warning } from './warnings';
import type { PostcodeTable } from '../domain/postcode';
import type { DeceasedTable } from './deceased';
import type { ReturnedCheck } from '../domain/returned';

export interface ExtractProgress {
  bytesRead: number; // bytes of the file read so far (compressed bytes for .gz)
  totalBytes: number;
  records: number; // lines/rows seen so far in this pass
  pass: 1 | 2; // 1 = duplicate scan, 2 = validation
}

export interface ReadOptions {
  year: number;
  encoding?: Encoding;
  /** Default: from the file name (.jsonl/.ndjson/.csv, optionally .gz), else sniffed from the first byte. */
  format?: 'jsonl' | 'csv';
  printable?: PrintabilityCheck; // applied only to otherwise valid, mailable records
  onProgress?: (p: ExtractProgress) => void;
  tmpDir?: string; // scratch for the bounded-memory duplicate detection
  maxLineBytes?: number; // default 1 MiB; longer lines are PARSE_ERROR
}

export type ExtractItem =
  | { type: 'record'; record: InsuredRecord; warnings?: Warning[] } // valid and to be mailed (warnings: printed all the same)
  | { type: 'exception'; entry: ExceptionEntry }; // held (reason code) or suppressed (DELIVERY_*)

export interface JudgeOptions {
  year: number;
  postcodes: PostcodeTable; // the prefix table (postcodes/*.json, read by src/assets)
  printable?: PrintabilityCheck; // applied only to otherwise valid, mailable records
  /** Other departments' deceased lists (--deceased): a death before `printDay` (YYYYMMDD) suppresses the record. */
  deceased?: { table: DeceasedTable; printDay: number; key: string };
  /** The ticket's rates and interestRate for the warnings (a person over 105 is warned about without them). */
  warnings?: WarningRules;
  /** Through employers, an employee whose employer has an address needs no home address (default home). */
  distribution?: Distribution;
  /** Last year's returned mail (--returned): a mailed record still at an address that came back is held ADDRESS_RETURNED. */
  returned?: ReturnedCheck;
}
