/** Reprints (补打) of a finished run's statements, and purging a run's personal data after retention. */
export { reprint, ReprintRefused, type ReprintOptions, type ReprintResult, type ReprintedPiece, type ReprintManifest } from './reprint';
export { readRequestList, readAddressJson, requestProblems, RELATIONS, type Relation, type ReprintRequest } from './requests';
export { allocateReprintSeqs, REPRINTS_DIR } from './seq';
export { purgeRun, PURGE_MARKER, PURGE_ACTION, PERSONAL_DIRS, type PurgeMarker, type PurgeOptions } from './purge';
