/**
 * One-line errors of `worker`, `--redis`, `generate` and `verify-code`, in both languages: the same
 * mistake gives one line (exit 2, no stack) naming the same options and values, with its fix.
 */
import { cliEnv, siprint } from '../reliability/helpers';
import { expectOneLine } from './one-line';

const env = cliEnv({ LANG: 'C.UTF-8', LC_ALL: '', SIPRINT_LANG: '' });
const inLang = (args: string[], lang: string) => siprint(['--lang', lang, ...args], env, 30_000);
/** What must be the same in both languages: options, quoted values and numbers. */
const same = (s: string) => (s.match(/--[a-z-]+|'[^']*'|"[^"]*"|\b\d+\b/g) ?? []).sort();

it.each([
  ['worker --concurrency 0', ['worker', '--redis', 'redis://127.0.0.1:6379', '--concurrency', '0'], /--concurrency must be a whole number ≥ 1, not '0'/, /--concurrency 应为不小于 1 的整数，而不是 '0'/],
  ['--redis not a URL', ['worker', '--redis', 'notaurl'], /--redis 'notaurl' is not a URL: use redis:\/\/HOST:PORT/, /--redis 'notaurl' 不是网址：请用 redis:\/\/HOST:PORT/],
  ['--redis of another scheme', ['worker', '--redis', 'ftp://h:1'], /must start with redis:\/\/ or rediss:\/\//, /应以 redis:\/\/ 或 rediss:\/\/ 开头/],
  ['--redis with a database that is no number', ['worker', '--redis', 'redis://127.0.0.1:6379/x'], /the database 'x' is not a number/, /数据库 'x' 不是数字/],
  ['generate --count x', ['generate', '--count', 'x', '--seed', '1', '--year', '2025', '--out', '/tmp/never.jsonl'], /--count must be a whole number, got "x"/, /--count 应为整数，而不是 "x"/],
  ['generate --faults 2', ['generate', '--count', '10', '--faults', '2', '--seed', '1', '--year', '2025', '--out', '/tmp/never.jsonl'], /--faults must be a rate between 0 and 1/, /--faults 应为 0 到 1 之间的比例/],
  ['verify-code without a run', ['verify-code', 'ABCD-EFGH-IJKL-MNOP'], /give --run RUN_DIR or --runs DIR/, /请给出 --run RUN_DIR 或 --runs DIR/],
])('%s', (_name, args, en, zh) => {
  const said = expectOneLine((lang) => inLang(args, lang), en, zh);
  expect(same(said.zh)).toEqual(same(said.en));
});
