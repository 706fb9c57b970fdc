export { sha256Hex } from './hash';
export { mailingCsv, MAILING_CSV_HEADER, neutralizeCell, unneutralizeCell } from './mailing-csv';
export { addressText } from '../domain/presort';
export { storedZip, readZip, crc32, FIXED_ZIP_DATE } from './zip';
export type { ZipEntry, ZipEntryInput } from './zip';
export { buildPackage, encryptFor, packageFileName, jsonBytes, PACKAGE_FILES } from './build-package';
export type { PackageInput, PartManifest, BuiltPackage, LayoutRef, FontRef, PackageFileName } from './build-package';
export {
  buildReconciliation,
  buildRunManifest,
  chinaDate,
  ReconciliationError,
  RUN_RECORDS_ACTION,
  writeFileAtomic,
  writeJsonAtomic,
  writeRunRecords,
} from './run-records';
export type {
  BatchBalance,
  PackageEntry,
  Reconciliation,
  ReconciliationInput,
  RunCounts,
  RunManifest,
  RunManifestInput,
  RunMode,
} from './run-records';
export { verifyRun, verifyRunDetailed } from './verify-run';
export type { VerifyResult, VerifySummary } from './verify-run';
