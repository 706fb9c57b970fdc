/** The run's hash-chained audit log. */
export { appendAudit, verifyAuditChain, AUDIT_FILE, GENESIS_HASH, RUN_RECORDS_ACTION, REPORT_ACTION, PURGE_ACTION, type AuditEvent, type AuditLine } from './log';
