/** Reprints (补打) of a finished run's statements. */
export { reprint, ReprintRefused, type ReprintOptions, type ReprintResult, type ReprintedPiece, type ReprintManifest } from './reprint';
export { readRequestList, readAddressJson, requestProblems, RELATIONS, type Relation, type ReprintRequest } from './requests';
export { allocateReprintSeqs, REPRINTS_DIR } from './seq';
