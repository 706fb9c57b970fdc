/**
 * The printability check the extract reader applies (CONTRACTS.md, src/extract). Declared here with
 * the same shape so that render does not depend on extract; TypeScript's structural typing makes the
 * two interchangeable.
 */
import type { InsuredRecord } from '../domain/types';

export type PrintabilityCheck = (
  record: InsuredRecord,
) => { reason: 'UNPRINTABLE_CHARACTER' | 'DOES_NOT_FIT'; message: string } | null;
