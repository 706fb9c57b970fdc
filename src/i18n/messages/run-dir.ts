/** The run directory and the disk under it: what cannot be written or read back, and the fix. */
import { msg, text } from '../define';

/** What the operator does once there is space again: resume a run, or run the same command again. */
const afterSpace = (command: string | undefined, en: boolean): string => {
  const run = command === undefined || command === 'run' || command === 'worker';
  if (en) return run ? 'then resume the run' : `then run siprint ${command} again`;
  return run ? '然后继续执行该批次' : `然后重新运行 siprint ${command}`;
};

type Command = { command?: string };

export const runDir = {
  'write.cannot': msg<{ file: string; reason: string }>((p) => `cannot write ${p.file}: ${p.reason}`, (p) => `无法写入 ${p.file}：${p.reason}`),
  'write.full': msg<Command>((p) => `no space left on the device: free space, ${afterSpace(p.command, true)}`, (p) => `设备空间已满：请释放空间，${afterSpace(p.command, false)}`),
  'write.quota': msg<Command>((p) => `disk quota exceeded: free space, ${afterSpace(p.command, true)}`, (p) => `超出磁盘配额：请释放空间，${afterSpace(p.command, false)}`),
  'write.denied': text('permission denied: make the output directory writable', '权限不足：请让输出目录可写'),
  'write.readOnly': text('the file system is read-only: choose a writable --out', '文件系统为只读：请另选可写的 --out'),
  'write.notDir': text('a part of that path is a file, not a directory: choose another --out', '该路径中有一段是文件而不是目录：请另选 --out'),
  'write.inTheWay': text('a file of that name is in the way (a directory is needed): choose another --out', '已有同名文件（此处需要目录）：请另选 --out'),
  'write.noDir': text(
    'a directory on that path does not exist (or was removed meanwhile): choose another --out',
    '该路径上的目录不存在（或已被删除）：请另选 --out',
  ),
};
