/**
 * What the stages leave in the run directory to say they are done, and what the next stage (on any
 * thread, process or machine) reads back: state/ingest.json, parts/<id>/rendered.json and packaged.json.
 */
import type { BatchCode, FontRef, LayoutRef } from '../domain/types';

export type { FontRef, LayoutRef } from '../domain/types';

/** A part as the ingest wrote it: parts/<partId>.json.gz and archive/<partId>.jsonl.gz. */
export interface PartRef {
  partId: string;
  batch: BatchCode;
  part: number;
  pieces: number;
  /** Electronic statements (docs/delivery.md §7): a PDF per piece, packaged as print/<runId>-EL-<batch>-p<NNN>.zip. */
  electronic?: true;
}

/** The ingest's counts of the run's records (state/ingest.json); the manifest's counts derive from them. */
export interface RunCounts {
  /** Records in the extract (every line/row, parsed or not). */
  input: number;
  /** Records that got at least one printed statement. */
  printed: number;
  /** Records that got electronic statements instead (`delivery: electronic`); 0 in runs before them. */
  electronic: number;
  /** Held out with a reason code. */
  exceptions: number;
  /** Counted, not mailed nor made (DELIVERY_HOLD; DELIVERY_ELECTRONIC in runs before electronic statements). */
  suppressed: number;
  /** Scheme mode only: valid records with none of the ticket's schemes. */
  outOfScope: number;
  guardianAddressed: number;
  /** Printed statements (= envelopes); in scheme mode a record can have several. */
  pieces: number;
  byBatch: Record<string, number>;
  /** Electronic statements per batch (absent in runs before them). */
  electronicByBatch?: Record<string, number>;
  /** Pieces per recipient province/city ("广东省 广州市"; a municipality once): for the run report. */
  byRegion?: Record<string, number>;
  heldByReason: Record<string, number>;
  suppressedByReason: Record<string, number>;
  /** Warnings (printed all the same; warnings.jsonl), and per warning code: absent when there were none. */
  warnings?: number;
  warningsByCode?: Record<string, number>;
  /** Held + suppressed per batch of this run and reason ("" = before a batch was known). */
  exceptionsByBatchReason: Record<string, Record<string, number>>;
}

/** state/ingest.json: its presence means the ingest finished. */
export interface IngestState {
  parts: PartRef[];
  counts: RunCounts;
  layouts: LayoutRef[];
  fonts: FontRef[];
}

/** A file the render stage wrote, as it wrote it. */
export interface FileRef {
  sha256: string;
  bytes: number;
  /** Its CRC-32, which a ZIP's local header carries before the data (absent in render markers from before it). */
  crc32?: number;
}

/** One electronic statement as rendered: `bytes` long in statements.pdfs, after the ones before it. */
export interface PieceFileRef extends FileRef {
  pieceId: string;
}

/**
 * parts/<id>/rendered.json: the part's PDFs and mailing list are complete. An electronic part has
 * statements.pdfs (`statements`, with `pdfs` naming each piece's PDF in it) and index.csv, no envelopes.
 */
export interface RenderedMarker {
  partId: string;
  batch: BatchCode;
  part: number;
  pieces: number;
  electronic?: true;
  /** Sheets of paper of each piece's statement, in print order (mailing.csv's `sheets`). */
  sheets: number[];
  statementPages: number;
  envelopePages: number;
  statements: FileRef;
  envelopes?: FileRef;
  mailing?: FileRef;
  /** A part with pieces through employers: bundles.pdf (each bundle's parcel label and 交接清单). */
  bundles?: FileRef & { count: number; pages: number };
  pdfs?: PieceFileRef[];
  index?: FileRef;
  /** What the part was drawn with (the package's manifest names them). */
  layouts: LayoutRef[];
  fonts: FontRef[];
}

/** parts/<id>/packaged.json: the part's package is sealed in print/. */
export interface PackagedMarker {
  partId: string;
  path: string; // relative to the run dir
  sha256: string;
  bytes: number;
  batch: string;
  part: number;
  pieces: number;
  /** The part's sheets of paper (statements). */
  sheets: number;
  statementPages: number;
  envelopePages: number;
  encrypted?: boolean;
  electronic?: true;
  manifest: unknown;
}
