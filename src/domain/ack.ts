/** The print house's answer to a delivered package (docs/delivery.md §2). */

/** A REJECTED ack with no words after it: kept as this raw English in the audit log; screens translate it (i18n `rejectionReason`). */
export const NO_REASON = 'no reason given';
