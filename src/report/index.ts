/** The run report (report.html) as a pure HTML builder; src/pipeline/run-report.ts feeds it from a run directory. */
export { buildRunReport, batchName, type RunReportInput, type ReportStage, type ReportPackage, type HeldExample, type StageName } from './html';
