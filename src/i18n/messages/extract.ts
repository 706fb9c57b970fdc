/**
 * An extract that cannot be read as one (exit 2): not a file, in the wrong encoding, a broken gzip, a
 * CSV header that is not a header. Held records' reasons are in exceptions.ts.
 */
import { msg } from '../define';

type File = { file: string };
/** `gzip`: the byte is counted in the decompressed text of a .gz extract, not in the file. */
type At = File & { gzip: boolean; line: number };
type Column = File & { column: number };

export const extract = {
  'extract.notRegular': msg<File>(
    (p) => `cannot read extract ${p.file}: not a regular file`,
    (p) => `无法读取年终数据 ${p.file}：不是普通文件：请给出年终数据文件的路径`,
  ),
  'extract.utf16': msg<File>(
    (p) => `extract ${p.file}: the file is UTF-16, which extracts are not: convert it to UTF-8 (e.g. iconv -f UTF-16 -t UTF-8) and run again`,
    (p) => `年终数据 ${p.file}：该文件为 UTF-16 编码，年终数据不用此编码：请转换为 UTF-8（例如 iconv -f UTF-16 -t UTF-8）后重新运行`,
  ),
  'extract.notUtf8': msg<At & { pos: number }>(
    (p) => `extract ${p.file}: not valid UTF-8 at ${p.gzip ? 'decompressed byte' : 'byte'} ${p.pos} (line ${p.line}); if the file is GB18030, pass --encoding gb18030`,
    (p) => `年终数据 ${p.file}：${p.gzip ? '解压后' : ''}第 ${p.pos} 字节处（第 ${p.line} 行）不是有效的 UTF-8；如果文件是 GB18030 编码，请加 --encoding "gb18030"`,
  ),
  'extract.notGb18030': msg<At & { start: number }>(
    (p) => `extract ${p.file}: not valid GB18030 in line ${p.line} (starting at ${p.gzip ? 'decompressed byte' : 'byte'} ${p.start}); check --encoding`,
    (p) => `年终数据 ${p.file}：第 ${p.line} 行（自${p.gzip ? '解压后' : ''}第 ${p.start} 字节起）不是有效的 GB18030：请检查 --encoding`,
  ),
  'extract.gzipCorrupt': msg<File & { at: number; bytes: number; line: number; error: string }>(
    (p) => `extract ${p.file}: truncated or corrupt gzip at compressed byte ${p.at} (decompressed ${p.bytes} bytes, after line ${p.line}): ${p.error}`,
    (p) => `年终数据 ${p.file}：GZIP 文件不完整或已损坏，位于压缩数据第 ${p.at} 字节（已解压 ${p.bytes} 字节，第 ${p.line} 行之后）：${p.error}：请重新复制或重新导出该文件`,
  ),
  'extract.readFailed': msg<File & { at: number; code: string }>(
    (p) => `cannot read extract ${p.file} at byte ${p.at}: ${p.code}`,
    (p) => `无法读取年终数据 ${p.file}（第 ${p.at} 字节处）：${p.code}：请检查该文件所在的磁盘或网络存储`,
  ),

  // the CSV header: one dotted field path per column (docs/extract-format.md)
  'extract.csvHeaderEmpty': msg<Column>(
    (p) => `extract ${p.file}: CSV header column ${p.column} is empty; the header must list each dotted field path once`,
    (p) => `年终数据 ${p.file}：CSV 表头第 ${p.column} 列为空；表头须把每个字段路径（以点分隔，如 person.ssn）各列一次`,
  ),
  'extract.csvHeaderDuplicate': msg<Column & { name: string }>(
    (p) => `extract ${p.file}: CSV header column ${p.column} is a duplicate (${p.name}); the header must list each dotted field path once`,
    (p) => `年终数据 ${p.file}：CSV 表头第 ${p.column} 列重复（${p.name}）；表头须把每个字段路径（以点分隔，如 person.ssn）各列一次`,
  ),
  'extract.csvHeaderNotPath': msg<Column & { name: string }>(
    (p) => `extract ${p.file}: CSV header column ${p.column} (${p.name}) is not a dotted field path`,
    (p) => `年终数据 ${p.file}：CSV 表头第 ${p.column} 列（${p.name}）不是以点分隔的字段路径（如 person.ssn）：请更正表头`,
  ),
  'extract.csvHeaderBoth': msg<File & { prefix: string; name: string }>(
    (p) => `extract ${p.file}: CSV header has both ${p.prefix} and ${p.name}; a field is either a value or has sub-fields`,
    (p) => `年终数据 ${p.file}：CSV 表头同时含 ${p.prefix} 和 ${p.name}；一个字段要么是值，要么有子字段，不能两者兼有`,
  ),
  'extract.csvHeaderUnreadable': msg<File & { line: number; error: string }>(
    (p) => `extract ${p.file}: the CSV header (line ${p.line}) cannot be read: ${p.error}`,
    (p) => `年终数据 ${p.file}：无法读取 CSV 表头（第 ${p.line} 行）：${p.error}`,
  ),
};
