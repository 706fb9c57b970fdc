import { catalogue, langFlag, parseLang, resolveLang, t, tIn } from '../../src/i18n';

describe('the message catalogue', () => {
  it('has every message in both languages, the Chinese one in Chinese', () => {
    const probe = new Proxy({}, { get: (_t, k) => (k === 'days' ? 2 : `‹${String(k)}›`) });
    for (const [key, m] of Object.entries(catalogue)) {
      const en = (m.en as (p: unknown) => string)(probe);
      const zh = (m.zh as (p: unknown) => string)(probe);
      expect([key, en.trim().length > 0]).toEqual([key, true]);
      expect([key, /[\u3400-\u9fff]/.test(zh)]).toEqual([key, true]);
    }
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
