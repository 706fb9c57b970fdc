/** The check every one-line-error test makes, in both languages. */
interface Said {
  status: number | null;
  stderr: string;
}

/**
 * The same mistake in English and in Chinese: each exits 2 (or `status`: 1 for a damaged run file,
 * not the operator's input) with one line, `siprint: …`, matching `en` and `zh`. Returns both lines
 * for what else must agree (options, paths, numbers).
 */
export function expectOneLine(say: (lang: string) => Said, en: RegExp, zh: RegExp, status = 2): { en: string; zh: string } {
  const e = say('en');
  const z = say('zh-CN');
  for (const r of [e, z]) expect([r.status, r.stderr.trim().split('\n')]).toEqual([status, [expect.stringMatching(/^siprint: /)]]);
  expect(e.stderr).toMatch(en);
  expect(z.stderr).toMatch(zh);
  return { en: e.stderr, zh: z.stderr };
}
