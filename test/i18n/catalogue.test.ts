import { catalogue, langFlag, parseLang, resolveLang, t, tIn } from '../../src/i18n';

const probe = new Proxy({}, { get: (_t, k) => (k === 'days' ? 2 : `‹${String(k)}›`) });
const render = (f: unknown) => (f as (p: unknown) => string)(probe);

/**
 * What a Chinese message may keep in Latin letters: its parameters, options and commands, field and
 * file names, reason codes and a few names of formats and tools. Any other English word is a
 * translation left undone.
 */
function englishLeft(zh: string): string[] {
  const rest = zh
    .replace(/‹[^›]*›|<[^>]*>|\{\w+\}/g, ' ') // parameters, <placeholders>, {cli-progress fields}
    .replace(/siprint [a-z-]+/g, ' ') // a command line
    .replace(/"[a-z][\w,[\]]*"/g, ' ') // a quoted field name or CSV header: "piece", "piece,status[,time]"
    .replace(/\w*(?:[-._/@$=]|:\/\/)[\w.\-/:@[\]$=]*/g, ' ') // --options, field.names, paths, URLs, $VARS
    .replace(/\b[A-Z][A-Z0-9_]+\b/g, ' ') // reason codes, FILE, PDF, ZIP
    .replace(/\b[a-z]+[A-Z]\w*\b/g, ' ') // JSON keys: recordId, printHouse
    .replace(/\b(deliver|acks|release|reprint|purge|proof|verify|check|dashboard|worker|generate|serve|results)\b/g, ' ') // siprint's commands
    .replace(/\b(siprint|OpenSSH|OpenPGP|Redis|BullMQ|chromium|iconv|ssh|ok|en|KiB|MB|MiB|GB|gzip|base64)\b/g, ' ');
  return rest.match(/[A-Za-z]{2,}/g) ?? [];
}

describe('the message catalogue', () => {
  it('has every message in both languages, the Chinese one in Chinese', () => {
    for (const [key, m] of Object.entries(catalogue)) {
      const en = render(m.en);
      const zh = render(m.zh);
      expect([key, en.trim().length > 0]).toEqual([key, true]);
      expect([key, /[\u3000-\u303f\u3400-\u9fff\uff00-\uffef]/.test(zh)]).toEqual([key, true]);
      expect([key, englishLeft(zh)]).toEqual([key, []]);
    }
  });

  it('catches a Chinese text left in English', () => {
    expect(englishLeft('批次 ‹runId› done: held ‹n›')).toEqual(['done', 'held']);
    expect(englishLeft('请给出 --to sftp://用户@主机/路径（或在任务单中设 "printHouse.sftp.url"），原因 INVALID_SSN')).toEqual([]);
  });

  it('answers in the language asked, and in this process\'s language by default', () => {
    expect(tIn('zh-CN', 'outcome.held')).toBe('暂缓（留存）');
    expect(tIn('en', 'days.ago', { n: '259', days: 259 })).toBe('259 days ago');
    expect(tIn('zh-CN', 'days.ago', { n: '259', days: 259 })).toBe('已过期 259 天');
    expect(typeof t('outcome.printed')).toBe('string');
  });
});

describe('choosing the language', () => {
  it('takes --lang, else SIPRINT_LANG, else the locale, else English', () => {
    expect(resolveLang({ flag: 'zh-CN', env: { SIPRINT_LANG: 'en', LANG: 'en_US.UTF-8' } })).toBe('zh-CN');
    expect(resolveLang({ env: { SIPRINT_LANG: 'zh', LANG: 'en_US.UTF-8' } })).toBe('zh-CN');
    expect(resolveLang({ env: { LANG: 'zh_CN.UTF-8' } })).toBe('zh-CN');
    expect(resolveLang({ env: { LC_ALL: 'en_US.UTF-8', LANG: 'zh_CN.UTF-8' } })).toBe('en');
    expect(resolveLang({ env: {} })).toBe('en');
    expect(parseLang('fr_FR')).toBeUndefined();
    expect(langFlag(['run', '--lang', 'zh-CN'])).toBe('zh-CN');
    expect(langFlag(['status', '--lang=en', 'x'])).toBe('en');
  });
});
