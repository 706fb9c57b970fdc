/**
 * A damaged run directory or ticket, in both languages: one line (exit 2) naming the file, in the
 * operator's language, with the same paths and codes.
 */
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { cliEnv, siprint } from '../reliability/helpers';
import { expectOneLine } from './one-line';

const env = cliEnv({ LANG: 'C.UTF-8', LC_ALL: '', SIPRINT_LANG: '' });
const inLang = (args: string[], lang: string) => siprint(['--lang', lang, ...args], env, 30_000);
const dir = mkdtempSync(path.join(os.tmpdir(), 'siprint-i18n-rundir-'));
const run = path.join(dir, 'run');
mkdirSync(run);
writeFileSync(path.join(run, 'run.json'), '{not json');
const other = path.join(dir, 'other');
mkdirSync(other);
writeFileSync(path.join(other, 'run.json'), '{"format":"something-else/1"}');
const ticket = path.join(dir, 'ticket.json');
writeFileSync(ticket, '{not json');
const out = path.join(dir, 'out');

it.each([
  // run.json is the run: restored, never removed (removing a step's marker redoes the step, removing run.json loses the run)
  ['run.json not JSON', ['status', run], /run config \S+run\.json is not valid JSON: restore it from a backup of the run directory \(it is the run's config: removing it loses the run\)$/m, /批次配置 \S+run\.json 不是有效的 JSON：请从批次目录的备份中恢复该文件（它是批次的配置，删除它会丢失该批次）$/m],
  ['run.json of something else', ['status', other], /is not a siprint run config \(format something-else\/1\)/, /不是 siprint 的批次配置（"format" 为 something-else\/1）/],
  ['ticket not JSON', ['run', '--ticket', ticket, '--out', out], /ticket \S+ticket\.json: is not valid JSON/, /任务单 \S+ticket\.json：不是有效的 JSON：请修正该文件/],
  ['ticket missing', ['run', '--ticket', path.join(dir, 'nope.json'), '--out', out], /ticket \S+nope\.json: cannot be read \(ENOENT\)/, /任务单 \S+nope\.json：无法读取（ENOENT）/],
])('%s', (_name, args, en, zh) => {
  const said = expectOneLine((lang) => inLang(args, lang), en, zh);
  // the same file in both
  expect(said.zh.match(/\/\S+\.json/)?.[0]).toEqual(said.en.match(/\/\S+\.json/)?.[0]);
});
