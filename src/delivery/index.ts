/** The hand-off to the print house over SFTP and its acknowledgements (docs/delivery.md §1–2). */
export { deliverRun, sidecarOf, type DeliverEvent, type DeliverOptions, type DeliverResult } from './deliver';
export { readAcks, parseAck, type Ack, type AcksResult } from './acks';
export { resolveTarget, parseSftpUrl, type SftpTarget, type TargetOptions } from './target';
export { deliveryRun, type DeliveryRun, type RunPackage } from './run';
export { PASSPHRASE_ENV } from './connection';
