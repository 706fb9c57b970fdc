/** The renderer: layouts + fonts (values) in, PDF bytes out. Pure: no file system, no clock. */
export { createRenderer, DoesNotFitError, PRINTABLE_DOC, type Renderer, type StatementContext, type EnvelopeContext, type StatementPiece, type WrittenStatements, type BundleToDraw } from './renderer';
export { verificationCode, formatVerificationCode, normalizeVerificationCode, canonicalJson, verifyUrl } from './verification';
export { assetRefs, type RenderAssets } from './assets';
export type { ByteSink } from './pdf';
export type { PrintabilityCheck } from '../domain/types';
