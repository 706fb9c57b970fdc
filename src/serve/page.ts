/**
 * The verification page: zh-CN, readable on a phone, no script, one inline style allowed by its hash
 * (Content-Security-Policy: nothing else loads). Shows only what a lookup returns (masked).
 */
import { createHash } from 'node:crypto';
import { formatDay, tIn, type MessageKey } from '../i18n';
import type { VerifiedStatement, VerifyResult } from './lookup';

const STYLE = `body{margin:0;font:16px/1.5 system-ui,"Noto Sans SC","PingFang SC","Microsoft YaHei",sans-serif;color:#1f2328;background:#f6f8fa}
main{max-width:32rem;margin:0 auto;padding:1rem}
h1{font-size:1.05rem;font-weight:600;margin:.5rem 0 1rem}
.verdict{font-size:1.8rem;font-weight:700;padding:.75rem 1rem;border-radius:.5rem;margin:0 0 1rem}
.ok{background:#dafbe1;color:#116329}.no{background:#ffebe9;color:#a40e26}.gone{background:#eaeef2;color:#424a53}
dl{display:grid;grid-template-columns:max-content 1fr;gap:.4rem 1rem;background:#fff;border:1px solid #d0d7de;border-radius:.5rem;padding:1rem;margin:0 0 1rem}
dt{color:#59636e}dd{margin:0;word-break:break-all}
p{color:#59636e;font-size:.9rem}`;

export const PAGE_CSP = `default-src 'none'; style-src 'sha256-${createHash('sha256').update(STYLE).digest('base64')}'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'`;

const esc = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
const zh = (key: MessageKey) => tIn('zh-CN', key as 'verify.title');

function rows(s: VerifiedStatement): string {
  const day = (d: string) => formatDay(d, 'zh-CN');
  const list: [string, string][] = [
    [zh('verify.name'), s.name],
    [zh('verify.ssn'), s.ssn],
    [zh('verify.year'), String(s.year)],
    [zh('verify.agency'), s.agency ?? '—'],
    [zh('verify.printDate'), day(s.printDate)],
    [zh('verify.piece'), s.pieceId],
    [zh('verify.reprints'), tIn('zh-CN', 'verify.reprintCount', { n: s.reprints, date: s.lastReprint ? day(s.lastReprint.date) : '' })],
  ];
  if (s.state) list.push([zh('verify.state'), zh(`verify.state.${s.state}`)]);
  return `<dl>${list.map(([k, v]) => `<dt>${esc(k)}</dt><dd>${esc(v)}</dd>`).join('')}</dl>`;
}

export function verifyPage(p: { kind: 'result'; result: VerifyResult } | { kind: 'limited' | 'bad'; text: string }): string {
  let body: string;
  if (p.kind !== 'result') {
    body = `<div class="verdict no">${esc(zh(p.kind === 'bad' ? 'verify.page.badCode' : 'verify.notFound'))}</div><p>${esc(p.text)}</p>`;
  } else if (p.result.status === 'valid') {
    const r = p.result;
    body = `<div class="verdict ok">${esc(zh('verify.valid'))}</div><dl><dt>${esc(zh('verify.code'))}</dt><dd>${esc(r.code)}</dd></dl>${r.statements.map(rows).join('')}<p>${esc(zh('verify.note'))}</p>`;
  } else if (p.result.status === 'purged') {
    body = `<div class="verdict gone">${esc(zh('verify.purged'))}</div><p>${esc(tIn('zh-CN', 'verify.purgedText', { code: p.result.code, date: formatDay(p.result.purgedOn, 'zh-CN') }))}</p>`;
  } else {
    body = `<div class="verdict no">${esc(zh('verify.notFound'))}</div><p>${esc(tIn('zh-CN', 'verify.notFoundText', { code: p.result.code }))}</p>`;
  }
  return `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><meta name="robots" content="noindex"><title>${esc(zh('verify.title'))}</title><style>${STYLE}</style></head><body><main><h1>${esc(zh('verify.title'))}</h1>${body}</main></body></html>\n`;
}
