/** Words every screen shares: the four ends of a record and the run's milestones (docs/glossary.md). */
import { msg, text } from '../define';

export const common = {
  'outcome.printed': text('printed', '已打印'),
  'outcome.held': text('held', '暂缓（留存）'),
  'outcome.suppressed': text('suppressed', '不寄送'),
  'outcome.electronic': text('electronic', '电子送达'),
  'days.left': msg<{ n: string; days: number }>((p) => `${p.n} day${p.days === 1 ? '' : 's'} left`, (p) => `还有 ${p.n} 天`),
  'days.ago': msg<{ n: string; days: number }>((p) => `${p.n} day${p.days === 1 ? '' : 's'} ago`, (p) => `已过期 ${p.n} 天`),
  'days.today': text('today', '今天'),
  // domain/operator OPERATOR_RE, in words
  'operator.rule': text('a letter, then letters, digits . _ @ -', '字母开头，其后为字母、数字或 . _ @ -'),
  'cli.addHelp': text('(add --help for usage)', '（加 --help 查看用法）'),
  'cli.badLang': msg<{ value: string }>((p) => `--lang ${p.value}: use zh-CN or en`, (p) => `--lang ${p.value}：请用 zh-CN 或 en`),
};
