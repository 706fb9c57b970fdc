/** run.json: the resolved run config, as every stage and command reads it back. */
import type { Agency, DeceasedListRef, Distribution, Encoding, SchemeName, WarningRules } from '../domain/types';
import { InputError } from '../domain/errors';
import { t, type Lang } from '../i18n';
import { readJsonSync } from './json';
import { runPaths } from './paths';

/** A run, fully resolved. Lives in memory; run.json holds it minus the key (see StoredRunConfig). */
export interface RunConfig {
  runId: string;
  year: number;
  mode: 'annual' | 'scheme';
  schemes?: SchemeName[];
  extract: string; // absolute
  encoding: Encoding;
  printDate: string;
  piecesPerFile: number;
  /** The ticket's `ingestRanges`: the ingest cut into this many byte ranges, in-process or on BullMQ (absent: from the extract's size). */
  ingestRanges?: number;
  leadDays: number;
  postagePermit: string;
  printHousePublicKey?: string;
  verificationKey: string;
  requireApproval?: boolean;
  /** Who started the run (`--operator`, default $USER): `siprint release` needs someone else. */
  operator?: string;
  assetsRoot?: string;
  agency?: Agency;
  /** The ticket the run came from (absolute), so a worker can re-read the key from it if needed. */
  ticket?: string;
  /** The ticket's `printHouse` (paths absolute): where `siprint deliver` and `acks` go. */
  printHouse?: PrintHouse;
  /** Make-up pieces above this share of the run's pieces need a second operator (default 2). */
  makeupApprovalPercent?: number;
  /** Other departments' deceased lists (--deceased), by content: the ingest, wherever it runs, reads the same files. */
  deceased?: DeceasedListRef[];
  /** The ticket's contribution rates (warnings only: never a hold). */
  rates?: WarningRules['rates'];
  /** The ticket's pension account interest rate, per cent (warnings only). */
  interestRate?: number;
  /** Last year's returned-mail lists (--returned), by content: the ingest, wherever it runs, reads the same files. */
  returned?: { file: string; sha256: string; entries: number }[];
  /** The ticket's `verifyBaseUrl` (no trailing slash): the QR encodes `<verifyBaseUrl>/v/<code>`; absent, the code alone. */
  verifyBaseUrl?: string;
  /** The run's language (report.html, the proof, exceptions' messages, its screens): --lang, else the ticket's, else the operator's. */
  lang?: Lang;
  /** `employer`: employee statements go through their employers, in bundles (domain.md); absent = home. */
  distribution?: Distribution;
}

/** Ticket `printHouse` (docs/delivery.md §1–2): the SFTP target and how soon an acknowledgement is due. */
export interface PrintHouse {
  sftp?: { url: string; identityFile?: string; knownHostsFile?: string };
  /** Hours after delivery by which the print house's P.ack is due (default 24). */
  ackWithinHours?: number;
  /** Days the post takes: pieces not dispatched by deadline − transitDays are at risk (default 7). */
  transitDays?: number;
}

/** run.json: never the verification key, only its id (a salted hash prefix). */
export interface StoredRunConfig extends Omit<RunConfig, 'verificationKey'> {
  format: 'siprint-run-config/1';
  verificationKeyId: string;
  /** The extract's SHA-256 and size when the run was created (run-dir/extract-id); absent in older runs. */
  extractSha256?: string;
  extractBytes?: number;
  deadline: string;
  handoffBy: string;
}

export function readStoredConfig(runDir: string): StoredRunConfig {
  const p = runPaths(runDir);
  const c = readJsonSync<StoredRunConfig>(p.config, 'run config');
  if (c.format !== 'siprint-run-config/1') throw new InputError(t('json.notRunConfig', { file: p.config, format: String(c.format) }));
  return c;
}
