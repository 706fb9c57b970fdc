/** `siprint purge`: a finished run's personal data removed after retention, its accounting kept. */
export { purgeRun, PERSONAL_DIRS, type PurgeMarker, type PurgeOptions } from './purge';
