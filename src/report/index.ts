/** The run report (report.html): a pure HTML builder and the collector that feeds it from a run directory. */
export { buildRunReport, BATCH_NAMES, type RunReportInput, type ReportStage, type ReportPackage, type HeldExample, type StageName } from './html';
export { collectReportInput, writeRunReport, exceptionExamples, stagesFromLog, REPORT_FILE } from './collect';
export { regionOf } from './region';
