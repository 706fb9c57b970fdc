/**
 * A run's deceased lists (--deceased): read and checked when the run is created (a bad list fails
 * before anything is written), their SHA-256 recorded in run.json and the audit log; the ingest —
 * in this process or on a queue worker elsewhere — judges against the same files: the table read at
 * creation when it is this process's, else the files read again and refused if they changed.
 */
import { UsageError } from '../domain/errors';
import type { DeceasedListRef } from '../domain/types';
import { dayNumber, readDeceasedLists, type DeceasedSetup, type DeceasedTable } from '../extract/deceased';
import { t } from '../i18n';
import type { StoredRunConfig } from '../run-dir/run-config';
import { verificationKeyId } from './config';

// the last lists read in this process (one run at a time per process): an in-process run reads them once
let last: { id: string; table: DeceasedTable; lists: DeceasedListRef[] } | undefined;
const idOf = (lists: readonly { file: string; sha256?: string }[], key: string) => JSON.stringify([verificationKeyId(key), lists.map((l) => [l.file, l.sha256 ?? ''])]);

/** Reads the lists for a new run (kept for this process's ingest); their refs go into run.json. */
export async function readRunDeceased(files: readonly string[], key: string): Promise<DeceasedListRef[]> {
  const { table, lists } = await readDeceasedLists(files, key);
  last = { id: idOf(lists, key), table, lists };
  return lists;
}

/** The run's lists as one table (read again, unless this process read them; refused if a file changed), or undefined for a run without lists. */
export async function runDeceasedTable(stored: StoredRunConfig, key: string): Promise<DeceasedTable | undefined> {
  const refs = stored.deceased;
  if (!refs?.length) return undefined;
  if (last?.id === idOf(refs, key)) return last.table;
  const read = await readDeceasedLists(
    refs.map((r) => r.file),
    key,
  );
  read.lists.forEach((l, i) => {
    if (l.sha256 !== refs[i]?.sha256) throw new UsageError(t('deceased.changed', { runId: stored.runId, file: l.file }));
  });
  last = { id: idOf(refs, key), table: read.table, lists: read.lists };
  return read.table;
}

/** What the ingest's judge needs, or undefined for a run without lists. */
export async function deceasedSetupFor(stored: StoredRunConfig, key: string): Promise<DeceasedSetup | undefined> {
  const table = await runDeceasedTable(stored, key);
  return table && { slots: table.slots, printDay: dayNumber(stored.printDate) as number, key };
}
