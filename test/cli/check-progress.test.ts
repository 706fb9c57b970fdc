import { progressReporter } from '../../src/cli/check';

describe('check progress on a non-TTY stderr', () => {
  const sink = () => {
    const lines: string[] = [];
    return { lines, stream: { isTTY: false, write: (s: string | Uint8Array) => lines.push(String(s)) > 0 } };
  };
  it('prints periodic lines for a large file, no personal data, just counts', () => {
    const { lines, stream } = sink();
    const r = progressReporter(stream, { largeBytes: 100, everyMs: 0 });
    r.onProgress({ bytesRead: 50, totalBytes: 200, records: 1234, pass: 2 });
    r.stop();
    expect(lines).toEqual(['check: pass 2/2, 25% read, 1,234 records\n']);
  });
  it('stays quiet for a small file', () => {
    const { lines, stream } = sink();
    progressReporter(stream, { largeBytes: 1000, everyMs: 0 }).onProgress({ bytesRead: 50, totalBytes: 200, records: 10, pass: 1 });
    expect(lines).toEqual([]);
  });
});
