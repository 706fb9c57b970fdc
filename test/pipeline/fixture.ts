import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Ports } from '../../src/pipeline/ports';

// eslint-disable-next-line @typescript-eslint/no-require-imports
export const fakePorts = (require('./fake-ports.js') as { ports: Ports }).ports;
export const FAKE_PORTS_MODULE = path.join(__dirname, 'fake-ports.js');
export const KEY = 'test-verification-key-0123456789';

const SURNAMES = ['王', '李', '张', '刘', '陈', '杨', '赵', '黄'];
const GIVEN = ['伟', '芳', '娜', '敏', '静', '丽', '强', '磊', '军', '洋'];

/** A small synthetic extract in the fake's shape: names/ssns are returned so tests can scan for them. */
export function writeExtract(file: string, n: number, opts: { faults?: boolean } = {}): { names: string[]; ssns: string[] } {
  mkdirSync(path.dirname(file), { recursive: true });
  const names: string[] = [];
  const ssns: string[] = [];
  const lines: string[] = [];
  for (let i = 1; i <= n; i++) {
    const name = `${SURNAMES[i % SURNAMES.length]}${GIVEN[(i * 7) % GIVEN.length]}${GIVEN[(i * 3) % GIVEN.length]}`;
    const ssn = `110105198${i % 10}0101${String(100 + i).slice(-3)}X`;
    names.push(name);
    ssns.push(ssn);
    const rec: Record<string, unknown> = {
      recordId: `R${String(i).padStart(6, '0')}`,
      kind: i % 3 === 0 ? 'resident' : 'employee',
      person: { name, ssn },
      address: { postcode: `10${(i * 37) % 10}0${i % 3}${i % 7}`, province: '北京市', line: `建国路${i}号` },
      schemes: i % 2 ? { pension: {}, medical: {} } : { medical: {} },
      benefits: i % 11 === 0 ? [{}, {}, {}, {}] : [],
    };
    if (i % 13 === 0) rec.guardian = { name: `监护${name}`, relation: '母亲', address: { postcode: '100001', province: '北京市', line: `监护路${i}号` } };
    if (opts.faults) {
      if (i % 17 === 0) rec.fault = 'schemes.pension.monthlyBase: not money';
      if (i % 19 === 0) rec.delivery = 'electronic';
    }
    lines.push(JSON.stringify(rec));
  }
  if (opts.faults) lines.splice(5, 0, '{"recordId": "broken');
  writeFileSync(file, `${lines.join('\n')}\n`);
  return { names, ssns };
}
