/**
 * `npm run demo` on the built CLI: a whole annual run in-process that balances, printed in the machine's
 * language (LANG=zh_CN.UTF-8 → zh-CN), ending with where the run went.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const ROOT = path.join(__dirname, '..', '..');

test('the demo runs and speaks the machine language', () => {
  const out = mkdtempSync(path.join(os.tmpdir(), 'siprint-demo-'));
  try {
    const env = { ...process.env, LANG: 'zh_CN.UTF-8', LC_ALL: '', SIPRINT_LANG: '', REDIS_URL: '', SIPRINT_DEMO_OUT: out };
    const r = spawnSync('node', [path.join(ROOT, 'scripts', 'demo.js')], { cwd: ROOT, env, encoding: 'utf8', timeout: 240_000 });
    expect(r.stderr).not.toMatch(/failed|失败/);
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/另加 6 条演示记录/);
    expect(r.stdout).toMatch(/批次 demo-\S+（2025 年度）完成/);
    const where = /演示：数据文件 (\S+)；批次目录 (\S+)/.exec(r.stdout);
    expect(where).not.toBeNull();
    const runDir = path.resolve(ROOT, where![2]!);
    const manifest = JSON.parse(readFileSync(path.join(runDir, 'manifest.json'), 'utf8')) as { counts: Record<string, number> };
    expect(existsSync(path.join(runDir, 'state', 'finalized.json'))).toBe(true);
    // every record ends printed, electronic, held or suppressed
    const c = manifest.counts;
    expect(c.input).toBe(2000);
    expect((c.printed ?? 0) + (c.electronic ?? 0) + (c.exceptions ?? 0) + (c.suppressed ?? 0) + (c.outOfScope ?? 0)).toBe(2000);
    expect(c.exceptions).toBeGreaterThanOrEqual(5);
    expect(r.stdout).not.toMatch(/\bdemo: /);
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
}, 300_000);
