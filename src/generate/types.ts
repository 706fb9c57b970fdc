import type { Encoding, ReasonCode } from '../domain/types';

export interface GenerateOptions {
  count: number;
  year: number;
  seed: string;
  format: 'jsonl' | 'csv';
  encoding: Encoding;
  /** Share of records (0–1) that break one rule each, cycling through every reason code in spec order. */
  faults?: number;
  /**
   * With faults: the deceased list to write (CSV ssn,diedOn, as 民政/公安 send it) naming some of the
   * extract's people, dead during the business year (so before any print date). The extract's bytes
   * do not depend on it.
   */
  deceasedOut?: string;
}

export interface GenerateStats {
  records: number;
  /** Records written to break each rule (a duplicate fault also holds the earlier record it copies). */
  faults: Partial<Record<ReasonCode, number>>;
  /** People written to the deceased list (`deceasedOut`). */
  deceased: number;
}

/** A generated record as JSON values (written as a JSONL line or a CSV row). */
export type Json = string | number | Json[] | { [k: string]: Json | undefined };
export type Obj = { [k: string]: Json | undefined };
