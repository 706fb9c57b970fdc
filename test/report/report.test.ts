import { buildRunReport, type RunReportInput } from '../../src/report';

const base: RunReportInput = {
  generatedAt: '2026-01-20T02:00:00.000Z',
  lang: 'en',
  runId: 'r-2025',
  year: 2025,
  mode: 'annual',
  printDate: '2026-01-15',
  deadline: '2026-03-31',
  handoffBy: '2026-03-16',
  finishedOn: '2026-01-20',
  finishedLate: false,
  startedBy: 'wang.li',
  counts: { input: 1234, printed: 1200, exceptions: 30, suppressed: 4, guardianAddressed: 17, byBatch: { E: 800, R: 400 } },
  pieces: 1200,
  sheets: 1350,
  byRegion: { '广东省 广州市': 700, 北京市: 500 },
  heldByReason: { INVALID_SSN: 20, DUPLICATE_SSN: 10 },
  suppressedByReason: { DELIVERY_ELECTRONIC: 4 },
  examples: { INVALID_SSN: [{ recordId: 'R1', line: 3, ssnMasked: '110105********1234' }] },
  packages: [
    { path: 'print/r-E-p001.zip', batch: 'E', part: 1, pieces: 800, statementPages: 900, envelopePages: 800, bytes: 3_000_000 },
    { path: 'print/r-R-p001.zip', batch: 'R', part: 1, pieces: 400, statementPages: 450, envelopePages: 400, bytes: 1_000_000 },
  ],
  runStartedAt: '2026-01-20T01:00:00.000Z',
  runFinishedAt: '2026-01-20T01:10:00.000Z',
  stages: [
    { stage: 'ingest', startedAt: '2026-01-20T01:00:00.000Z', endedAt: '2026-01-20T01:02:00.000Z', busyMs: 120_000, units: 1 },
    { stage: 'render', startedAt: '2026-01-20T01:02:00.000Z', endedAt: '2026-01-20T01:09:00.000Z', busyMs: 800_000, units: 2 },
  ],
};

/** data-figure name → the number shown. */
function figures(html: string): Record<string, number> {
  const out: Record<string, number> = {};
  for (const m of html.matchAll(/data-figure="([^"]+)">([\d,]+)</g)) out[m[1]!] = Number(m[2]!.replace(/,/g, ''));
  return out;
}

describe('run report builder (pure)', () => {
  it('shows the manifest figures, per batch and per package', () => {
    const f = figures(buildRunReport(base));
    expect(f).toMatchObject({
      'counts.input': 1234,
      'counts.printed': 1200,
      'counts.exceptions': 30,
      'counts.suppressed': 4,
      'counts.guardianAddressed': 17,
      'counts.byBatch.E': 800,
      'counts.byBatch.R': 400,
      'packages.count': 2,
      'packages.pieces': 1200,
      'packages.statementPages': 1350,
      'packages.envelopePages': 1200,
      'packages.1.pieces': 400,
    });
  });

  it('is self-contained: no script, no external URL, a CSP that forbids fetching', () => {
    const html = buildRunReport(base);
    expect(html).not.toMatch(/<script|<link|@import|url\(|src="http/i);
    expect(html).toContain(`default-src 'none'`);
    expect(html.match(/<svg /g)?.length).toBeGreaterThanOrEqual(5);
  });

  it('escapes every text it did not write itself', () => {
    const html = buildRunReport({ ...base, runId: 'a<b', byRegion: { '<img src=x onerror=alert(1)>': 3 }, examples: { INVALID_SSN: [{ recordId: '"><script>', line: 1 }] } });
    expect(html).not.toContain('<img src=x');
    expect(html).not.toContain('"><script>');
    expect(html).toContain('&lt;img src=x onerror=alert(1)&gt;');
  });

  it('says when the run finished after the hand-off date, and how many days to spare otherwise', () => {
    expect(buildRunReport(base)).toContain('Finished 55 day(s) before the hand-off date 2026-03-16');
    const late = buildRunReport({ ...base, finishedOn: '2026-03-20', finishedLate: true });
    expect(late).toContain('finished after hand-off date');
    expect(late).toMatch(/Finished <b>4 day\(s\) after<\/b> the hand-off date/);
  });

  it('marks pending packages until released', () => {
    const pending = buildRunReport({ ...base, release: { required: true, status: 'pending' } });
    expect(pending).toContain('pending approval');
    const released = buildRunReport({ ...base, packages: base.packages.map((p) => ({ ...p, status: 'released' as const })), release: { required: true, status: 'released', approvedBy: 'zhao.min', approvedAt: '2026-01-21T01:00:00Z' } });
    expect(released).toContain('released by zhao.min');
    expect(released).not.toContain('pending approval');
  });

});

describe('the run report in Chinese (run.json lang zh-CN)', () => {
  const zh = buildRunReport({ ...base, lang: 'zh-CN' });
  const en = buildRunReport(base);
  const figures = (html: string) => [...html.matchAll(/data-figure="([^"]+)">([^<]*)</g)].map((m) => `${m[1]}=${m[2]}`);

  it('states the same figures as the English page', () => {
    expect(figures(zh)).toEqual(figures(en));
    expect(figures(zh).length).toBeGreaterThan(5);
  });

  it('uses the glossary\'s words and Chinese dates', () => {
    expect(zh).toContain('<html lang="zh-CN">');
    for (const w of ['已打印', '暂缓（留存）', '不寄送', '交付印刷厂', '法定送达期限']) expect(zh).toContain(w);
    expect(zh).toContain('早于交付印刷厂日期 2026年3月16日 55 天完成');
    expect(zh).not.toMatch(/\b2026-03-16\b/);
  });

  it('leaves no English on the page but codes, file names and IDs', () => {
    const visible = zh
      .replace(/<code>[^<]*<\/code>/g, ' ')
      .replace(/<style>[\s\S]*?<\/style>|<[^>]+>/g, ' ')
      .replace(/&[a-z]+;|&#\d+;/g, ' ')
      .replace(/\b[A-Z][A-Z0-9_]+\b|\b[\w.-]+\.(zip|json|jsonl|log)\b|siprint|logs\/\S+|MB|r-2025|\b[a-z]+\.[a-z]+\b|\d{4}-\d\d-\d\dT[\d:.]+Z/g, ' ');
    expect(visible.match(/[A-Za-z]{3,}/g) ?? []).toEqual([]);
  });
});
