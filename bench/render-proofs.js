#!/usr/bin/env node
/**
 * Writes the PNG proofs under docs/proofs/ (page 1 of each layout, a continuation page, an adult and
 * a guardian envelope; issue 17's blocks: back pay with the medical account, a retiree, benefit rows
 * with 伤残等级 and 天数, an envelope through the employer with its parcel label and 交接清单) from
 * dist/ with pdftoppm at 100 dpi. Usage: npm run build && node bench/render-proofs.js
 */
'use strict';
const { execFileSync } = require('node:child_process');
const { mkdtempSync, writeFileSync, renameSync, rmSync } = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const root = path.resolve(__dirname, '..');
const { loadRenderAssets } = require(path.join(root, 'dist/assets'));
const { createRenderer } = require(path.join(root, 'dist/render'));

const agency = { code: '110105', name: '北京市朝阳区社会保险事业管理中心', address: '北京市朝阳区光华路甲8号', postcode: '100020', phone: '12333' };
const employee = {
  recordId: 'E-0000001', kind: 'employee', line: 1,
  person: { name: '张伟', ssn: '110105198003150014', gender: 'M', birthDate: '1980-03-15' },
  address: { postcode: '100022', province: '北京市', city: '北京市', district: '朝阳区', line: '建国路88号1单元101' },
  delivery: 'mail', employer: { code: '91110105', name: '北京某某科技有限公司' }, agency,
  schemes: {
    pension: { enrolledSince: '2005-07', status: 'contributing', monthlyBase: 800000, employerContribution: 1536000, personalContribution: 768000, monthsThisYear: 12, cumulativeMonths: 245, arrearsMonths: 0 },
    medical: { enrolledSince: '2005-07', status: 'contributing', monthlyBase: 800000, employerContribution: 960000, personalContribution: 192000, monthsThisYear: 12, cumulativeMonths: 245, arrearsMonths: 0 },
    unemployment: { enrolledSince: '2005-07', status: 'contributing', monthlyBase: 800000, employerContribution: 48000, personalContribution: 48000, monthsThisYear: 12, cumulativeMonths: 245, arrearsMonths: 0 },
    injury: { enrolledSince: '2005-07', status: 'contributing', employerContribution: 38400, monthsThisYear: 12, cumulativeMonths: 245, arrearsMonths: 0 },
    maternity: { enrolledSince: '2005-07', status: 'contributing', employerContribution: 76800, monthsThisYear: 11, cumulativeMonths: 230, arrearsMonths: 1 },
  },
  months: { pension: 'PPPPPPPPPPPP', medical: 'PPPPPPPPPPPP', unemployment: 'PPPPPPPPPPPP', injury: 'PPPPPPPPPPPP', maternity: 'TPPPPPPPPPPA' },
  pensionAccount: { openingBalance: 9876543, credited: 768000, interestOnOpening: 256790, interestOnCredited: 9984, paidOut: 0, closingBalance: 10911317 },
  benefits: [{ scheme: 'medical', item: '医疗费发生总额', amount: 356020 }, { scheme: 'medical', item: '统筹基金支付', amount: 201500 }],
};
const resident = {
  recordId: 'R-0000001', kind: 'resident', line: 2,
  person: { name: '李小明', ssn: '340524201205010139', gender: 'M', birthDate: '2012-05-01' },
  address: { postcode: '233000', province: '安徽省', city: '蚌埠市', district: '龙子湖区', line: '东海大道1号' },
  guardian: { name: '王芳', relation: '母亲', address: { postcode: '230001', province: '安徽省', city: '合肥市', district: '庐阳区', line: '长江中路100号3栋' } },
  delivery: 'mail',
  agency: { ...agency, name: '蚌埠市社会保险事业管理中心', address: '安徽省蚌埠市龙子湖区东海大道4525号', postcode: '233000' },
  schemes: {
    pension: { enrolledSince: '2018-01', status: 'contributing', monthsThisYear: 12, cumulativeMonths: 96, arrearsMonths: 0 },
    medical: { enrolledSince: '2012-06', status: 'contributing', personalContribution: 38000, monthsThisYear: 12, cumulativeMonths: 160, arrearsMonths: 0 },
  },
  resident: { tier: '第三档（500元）', personal: 50000, collective: 10000, government: 6000, other: 0 },
  pensionAccount: { openingBalance: 412345, credited: 66000, interestOnOpening: 10720, interestOnCredited: 858, paidOut: 0, closingBalance: 489923 },
  benefits: [],
};
const retired = {
  ...resident, recordId: 'R-0000002', person: { name: '赵桂英', ssn: '340524195203030026', gender: 'F', birthDate: '1952-03-03' }, guardian: undefined,
  schemes: { pension: { enrolledSince: '2011-07', status: 'retired', monthsThisYear: 0, cumulativeMonths: 180, arrearsMonths: 0 }, medical: resident.schemes.medical },
  resident: undefined,
  pensionAccount: { openingBalance: 1234500, credited: 0, interestOnOpening: 32097, interestOnCredited: 0, paidOut: 120000, closingBalance: 1146597 },
  benefits: [{ scheme: 'pension', item: '基础养老金', amount: 16500, months: 12 }, { scheme: 'pension', item: '个人账户养老金', amount: 10000, months: 12 }],
};
// issue 17 (v1.1): back pay and deemed months, the medical account
const backPay = {
  ...employee, recordId: 'E-0000003', person: { name: '刘建国', ssn: '110105196805120031', gender: 'M', birthDate: '1968-05-12' },
  schemes: {
    ...employee.schemes,
    pension: { ...employee.schemes.pension, enrolledSince: '1996-01', cumulativeMonths: 348, backPayAmount: 1728000, backPayMonths: 9, deemedMonths: 96 },
  },
  // no month grid: with five schemes, the grid, both accounts and back pay the notes go to a second page
  months: undefined,
  medicalAccount: { openingBalance: 523410, credited: 230400, interest: 1832, paidOut: 86750, closingBalance: 668892 },
  benefits: [],
};
// a retired employee: the 离退休待遇 block instead of the pension's contribution row
const retiree = {
  ...employee, recordId: 'E-0000004', person: { name: '陈秀英', ssn: '110105195806200048', gender: 'F', birthDate: '1958-06-20' },
  schemes: {
    pension: { enrolledSince: '1995-01', status: 'retired', monthsThisYear: 0, cumulativeMonths: 300, arrearsMonths: 0, deemedMonths: 60 },
    medical: { enrolledSince: '1999-01', status: 'retired', monthsThisYear: 0, cumulativeMonths: 240, arrearsMonths: 0 },
  },
  months: undefined,
  retirement: { retiredOn: '2013-07', monthlyPension: 412650, monthsPaid: 12, adjustment: 9820 },
  pensionAccount: { openingBalance: 2345600, credited: 0, interestOnOpening: 61455, interestOnCredited: 0, paidOut: 240000, closingBalance: 2167055 },
  medicalAccount: { openingBalance: 120000, credited: 285600, interest: 0, paidOut: 193420, closingBalance: 212180 },
  benefits: [],
};
// benefit rows with 伤残等级 and 天数
const graded = {
  ...employee, recordId: 'E-0000005', person: { name: '孙丽', ssn: '110105199011230026', gender: 'F', birthDate: '1990-11-23' },
  benefits: [
    { scheme: 'injury', item: '一次性伤残补助金', amount: 6400000, grade: 9 },
    { scheme: 'maternity', item: '生育津贴', amount: 3413300, days: 128 },
    { scheme: 'medical', item: '医疗费发生总额', amount: 356020 },
  ],
};
const firm = { code: '91110105MA01BJ0003', name: '北京某某科技有限公司', address: { postcode: '100022', province: '北京市', city: '北京市', district: '朝阳区', line: '建国路88号' } };
const viaFirm = (record) => ({ role: 'self', name: record.person.name, address: firm.address, via: { code: firm.code, name: firm.name } });
const many = { ...employee, recordId: 'E-0000002', benefits: Array.from({ length: 26 }, (_, i) => ({ scheme: i % 2 ? 'medical' : 'injury', item: i % 2 ? `门诊医疗费用（第${i + 1}笔）` : `工伤医疗费（第${i + 1}笔）`, amount: 12000 + i * 731 })) };

const piece = (record, batch, seq, recipient) => ({
  pieceId: `${batch}-0001-${String(seq).padStart(5, '0')}`, batch, part: 1, seq, record,
  recipient: recipient || (record.guardian ? { role: 'guardian', name: record.guardian.name, address: record.guardian.address, relation: record.guardian.relation } : { role: 'self', name: record.person.name, address: record.address }),
});

const renderer = createRenderer(loadRenderAssets(root));
const ctx = { runId: 'R2025-ANNUAL', year: 2025, printDate: '2026-01-15', verificationKey: 'proof-key' };
const tmp = mkdtempSync(path.join(os.tmpdir(), 'siprint-proofs-'));
const out = path.join(root, 'docs/proofs');
function proof(name, bytes, page) {
  const pdf = path.join(tmp, `${name}.pdf`);
  writeFileSync(pdf, bytes);
  execFileSync('pdftoppm', ['-r', '100', '-f', String(page), '-l', String(page), '-png', '-singlefile', pdf, path.join(tmp, name)]);
  renameSync(path.join(tmp, `${name}.png`), path.join(out, `${name}.png`));
  console.log(`docs/proofs/${name}.png`);
}
proof('statement-employee', renderer.renderStatements([piece(employee, 'E', 1)], ctx), 1);
proof('statement-resident-minor', renderer.renderStatements([piece(resident, 'R', 1)], ctx), 1);
proof('statement-resident-pensioner', renderer.renderStatements([piece(retired, 'R', 2)], ctx), 1);
proof('statement-scheme-pension', renderer.renderStatements([piece(employee, 'S-pension', 1)], ctx), 1);
proof('statement-scheme-medical', renderer.renderStatements([piece(employee, 'S-medical', 1)], ctx), 1);
proof('statement-continued-page2', renderer.renderStatements([piece(many, 'E', 2)], ctx), 2);
proof('statement-reprint', renderer.renderStatements([piece(employee, 'E', 1)], { ...ctx, printDate: '2026-05-03', reprint: { date: '2026-05-03', seq: 1 } }), 1);
const env = { runId: 'R2025-ANNUAL', postagePermit: '京朝字第2025-001号' };
proof('envelope-adult', renderer.renderEnvelopes([piece(employee, 'E', 1)], env), 1);
proof('envelope-guardian', renderer.renderEnvelopes([piece(resident, 'R', 1)], env), 1);
proof('statement-employee-backpay-medical', renderer.renderStatements([piece(backPay, 'E', 3)], ctx), 1);
proof('statement-employee-retiree', renderer.renderStatements([piece(retiree, 'E', 4)], ctx), 1);
proof('statement-employee-benefit-grade-days', renderer.renderStatements([piece(graded, 'E', 5)], ctx), 1);
const viaPieces = [piece(employee, 'E', 1, viaFirm(employee)), piece(backPay, 'E', 3, viaFirm(backPay)), piece(graded, 'E', 5, viaFirm(graded))];
proof('envelope-employer', renderer.renderEnvelopes(viaPieces.slice(0, 1), env), 1);
const bundle = {
  bundleId: 'E-0001-B001', employer: firm, agency,
  pieces: viaPieces.map((p) => ({ pieceId: p.pieceId, maskedName: [...p.recipient.name][0] + '*'.repeat([...p.recipient.name].length - 1) })),
};
proof('bundle-parcel-label', renderer.renderBundles([bundle], { runId: 'R2025-ANNUAL' }), 1);
proof('bundle-handover-list', renderer.renderBundles([bundle], { runId: 'R2025-ANNUAL' }), 2);
rmSync(tmp, { recursive: true, force: true });
