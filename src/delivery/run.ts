/** What deliver and acks read of a finished run: its packages (from manifest.json), and one at a time. */
import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { UsageError } from '../domain/errors';
import { t } from '../i18n';
import { lockDelivery } from '../run-dir/delivery';
import { readJsonIfExists, readJsonSync } from '../run-dir/json';
import type { PackagedMarker } from '../run-dir/markers';
import { runPaths } from '../run-dir/paths';
import type { PackageStatus } from '../run-dir/release';
import { readStoredConfig, type StoredRunConfig } from '../run-dir/run-config';
import { readMakeups } from '../run-dir/tracking';

export interface RunPackage {
  /** The name on the host: `<runId>-E-p001.zip` (the manifest's path is `print/<file>`). */
  file: string;
  path: string;
  sha256: string;
  bytes: number;
  batch: string;
  part: number;
  pieces: number;
  sheets: number;
  status?: PackageStatus;
}

export interface DeliveryRun {
  runId: string;
  runDir: string;
  stored: StoredRunConfig;
  /** The print house's packages of manifest.json, in its order: print parts and, when they land, make-up packages (electronic ones stay with the agency). */
  packages: RunPackage[];
}

interface ManifestPackage {
  path: string;
  sha256: string;
  bytes: number;
  batch: string;
  part: number;
  pieces: number;
  sheets?: number;
  status?: PackageStatus;
  electronic?: boolean;
}

/** A finished run's packages; exit 2 when RUN_DIR is not a finished run. */
export function deliveryRun(runDir: string): DeliveryRun {
  const p = runPaths(runDir);
  if (!existsSync(p.config)) throw new UsageError(t('delivery.notRunDir', { runDir }));
  const stored = readStoredConfig(runDir);
  if (!existsSync(p.manifest) || !existsSync(p.finalized)) throw new UsageError(t('delivery.notFinished', { runId: stored.runId }));
  if (existsSync(p.purged)) throw new UsageError(t('delivery.purged', { runId: stored.runId }));
  const manifest = readJsonSync<{ packages: ManifestPackage[] }>(p.manifest, 'manifest');
  // the sheets of paper are in each part's package marker
  const sheets = new Map<string, number>();
  for (const dir of existsSync(p.partsDir) ? readdirSync(p.partsDir) : []) {
    const m = readJsonIfExists<PackagedMarker>(path.join(p.partsDir, dir, 'packaged.json'), 'package marker');
    if (m) sheets.set(m.path, m.sheets);
  }
  const packages = manifest.packages.filter((x) => !x.electronic).map((x) => ({
    file: path.posix.basename(x.path),
    path: x.path,
    sha256: x.sha256,
    bytes: x.bytes,
    batch: x.batch,
    part: x.part,
    pieces: x.pieces,
    sheets: x.sheets ?? sheets.get(x.path) ?? 0,
    ...(x.status ? { status: x.status } : {}),
  }));
  // make-up packages (docs/delivery.md §4) go like any other, after the run's own
  for (const m of readMakeups(runDir)) packages.push({ file: path.posix.basename(m.path), path: m.path, sha256: m.sha256, bytes: m.bytes, batch: 'MU', part: m.k, pieces: m.pieces, sheets: m.sheets, status: 'released' });
  return { runId: stored.runId, runDir, stored, packages };
}

/** One deliver or acks at a time per run: two at once would send the same package twice. */
export async function withDeliveryLock<T>(runDir: string, work: () => Promise<T>): Promise<T> {
  const lock = await lockDelivery(runDir);
  if ('heldBy' in lock) throw new Error(t('delivery.locked', { runDir, holder: lock.heldBy }));
  try {
    return await work();
  } finally {
    await lock.release();
  }
}
