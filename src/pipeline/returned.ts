/**
 * A run's returned-mail lists (--returned, docs/delivery.md §6): read and checked when the run is
 * created (a bad list fails before anything is written), their SHA-256 in run.json and the audit log;
 * the ingest — here or on a queue worker that shares the directory — reads the same files again and
 * refuses them if they changed. The lists' hashes were made under the verification key, so the run's
 * key must be last year's (an agency keeps its key: the 校验码 of old statements depend on it).
 */
import { UsageError } from '../domain/errors';
import type { ReturnedCheck } from '../domain/returned';
import { t } from '../i18n';
import { readReturnedList, type ReturnedListRef } from '../run-dir/returns';
import type { StoredRunConfig } from '../run-dir/run-config';

/** The lists of a new run (their refs go into run.json). */
export async function readRunReturned(files: readonly string[]): Promise<ReturnedListRef[]> {
  return (await readReturnedList(files)).lists;
}

/** What the ingest's judge needs, or undefined for a run without lists. */
export async function returnedCheckFor(stored: StoredRunConfig, key: string): Promise<ReturnedCheck | undefined> {
  const refs = stored.returned;
  if (!refs?.length) return undefined;
  const read = await readReturnedList(refs.map((r) => r.file));
  read.lists.forEach((l, i) => {
    if (l.sha256 !== refs[i]?.sha256) throw new UsageError(t('returned.changed', { runId: stored.runId, file: l.file }));
  });
  return { list: read.list, key };
}
