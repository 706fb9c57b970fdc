/** The run directory: what every stage and command shares, so they depend on it instead of on each other. */
export { runPaths, partPaths, PART_ID_RE, RUN_ID_RE, type RunPaths } from './paths';
export { writeFileAtomic, writeChunksAtomic, writeJsonAtomic, writeError, setCommand } from './atomic';
export { jsonText, jsonBytes, readJsonSync, readJsonIfExists, readJsonInput } from './json';
export { sha256 } from './hash';
export type { PartRef, LayoutRef, FontRef, RunCounts, IngestState, FileRef, RenderedMarker, PackagedMarker } from './markers';
export { readStoredConfig, type RunConfig, type StoredRunConfig } from './run-config';
export { readRelease, type ReleaseRecord, type PackageStatus } from './release';
export { readArchive, archiveFileLines, archivePartLines, archivedPartIds, findArchivedPieces, type ArchivedPiece } from './archive';
export { archiveKeyFromEnv, sealArchive, openArchive, isSealed, ARCHIVE_KEY_ENV, type ArchiveKey } from './archive-seal';
export { sealFiles, readSealedFiles, RUN_RECORDS_ACTION } from './seal';
export { runLog, type RunLog, type LogFields } from './log';
export {
  readDeliveryEvents,
  appendDeliveryEvent,
  lockDelivery,
  deliveryView,
  deliveryPaths,
  DEFAULT_ACK_WITHIN_HOURS,
  PACKAGE_STATES,
  SHA256_MISMATCH,
  type DeliveryEvent,
  type DeliveryView,
  type PackageDelivery,
  type PackageState,
  type ManifestPackageRef,
} from './delivery';
export type { PrintHouse } from './run-config';
