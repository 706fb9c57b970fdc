/** Print-house packages: the ZIP, its manifest and mailing list, OpenPGP, and the run's manifest and reconciliation. */
export { mailingCsv, partMailingCsv, MAILING_CSV_HEADER, neutralizeCell, unneutralizeCell } from './mailing-csv';
export { storedZip, readZip, FIXED_ZIP_DATE } from './zip';
export type { ZipEntry, ZipEntryInput } from './zip';
export { buildPackage, encryptFor, packageFileName, PACKAGE_FILES } from './build-package';
export type { PackageInput, PartManifest, BuiltPackage, LayoutRef, FontRef, PackageFileName } from './build-package';
export { buildReconciliation, buildRunManifest, ReconciliationError } from './run-records';
export type {
  BatchBalance,
  ManifestCounts,
  PackageEntry,
  Reconciliation,
  ReconciliationInput,
  RunManifest,
  RunManifestInput,
  RunMode,
} from './run-records';
export { buildElectronicPackage, electronicIndexCsv, electronicPackageName, INDEX_CSV_HEADER } from './electronic';
export type { ElectronicManifest, ElectronicPackageInput, IndexRow } from './electronic';
