'use strict';
// TEST-ONLY stand-in for the other streams' modules (extract, domain, render, package, audit),
// implementing the Ports contract of src/pipeline/ports.ts with deliberately simple rules, so the
// stage flow can be exercised before the real modules are merged. Plain JS so worker threads can
// load it too. REMOVE once the real modules are on main (tests then use loadPorts()).
const { createHash } = require('node:crypto');
const { appendFileSync, readFileSync } = require('node:fs');
const path = require('node:path');

const sha = (s) => createHash('sha256').update(s).digest('hex');

async function* validateExtract(file, opts) {
  const lines = readFileSync(file, 'utf8').split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  let bytes = 0;
  for (let i = 0; i < lines.length; i++) {
    const text = lines[i];
    bytes += Buffer.byteLength(text) + 1;
    opts.onProgress && opts.onProgress({ bytesRead: bytes, totalBytes: 0, records: i + 1 });
    let raw;
    try {
      raw = JSON.parse(text);
    } catch {
      yield { type: 'exception', entry: { recordId: null, line: i + 1, reason: 'PARSE_ERROR', message: 'line is not JSON' } };
      continue;
    }
    const ssnMasked = raw.person.ssn.slice(0, 6) + '********' + raw.person.ssn.slice(-4);
    const batch = raw.kind === 'employee' ? 'E' : 'R';
    if (raw.fault) {
      yield { type: 'exception', entry: { recordId: raw.recordId, line: i + 1, reason: 'INVALID_FIELD', message: raw.fault, ssnMasked, batch } };
      continue;
    }
    const record = {
      ...raw,
      line: i + 1,
      person: { ...raw.person, gender: 'F', birthDate: '1980-01-01' },
      delivery: raw.delivery || 'mail',
      benefits: raw.benefits || [],
    };
    if (record.delivery !== 'mail') {
      const reason = record.delivery === 'electronic' ? 'DELIVERY_ELECTRONIC' : 'DELIVERY_HOLD';
      yield { type: 'exception', entry: { recordId: raw.recordId, line: i + 1, reason, message: 'not mailed', ssnMasked, batch } };
      continue;
    }
    const unprintable = opts.printable && opts.printable(record);
    if (unprintable) {
      yield { type: 'exception', entry: { recordId: raw.recordId, line: i + 1, reason: unprintable.reason, message: unprintable.message, ssnMasked, batch } };
      continue;
    }
    yield { type: 'record', record };
  }
}

const sheetsOf = (record) => (record.benefits.length > 3 ? 2 : 1);

function createRenderer() {
  return {
    layouts: [{ id: 'fake-statement', version: '1', sha256: sha('layout') }],
    fonts: [{ file: 'fake.ttf', sha256: sha('font') }],
    printable: (record) => (record.person.name.includes('\u{20000}') ? { reason: 'UNPRINTABLE_CHARACTER', message: 'name has a character no font draws' } : null),
    statementPages: (record) => sheetsOf(record),
    statementSheets: (record) => sheetsOf(record),
    renderStatements: (pieces, ctx) =>
      Buffer.from(`%FAKE-STATEMENTS ${ctx.runId} ${ctx.printDate}\n` + pieces.map((p) => `${p.pieceId}|${p.record.recordId}|${p.record.person.name}|${verificationCode(p.record, p.batch, ctx.year, ctx.verificationKey)}\n`).join('')),
    renderEnvelopes: (pieces, ctx) => Buffer.from(`%FAKE-ENVELOPES ${ctx.runId} ${ctx.postagePermit}\n` + pieces.map((p) => `${p.pieceId}|${p.recipient.name}|${p.recipient.address.postcode}\n`).join('')),
  };
}

function verificationCode(record, batch, year, key) {
  return sha(`${key}|${record.recordId}|${batch}|${year}`).slice(0, 16).toUpperCase();
}

const ports = {
  validateExtract,
  batchesFor: (record, mode, schemes) =>
    mode === 'annual' ? [record.kind === 'employee' ? 'E' : 'R'] : (schemes || []).filter((s) => record.schemes[s]).map((s) => `S-${s}`),
  recipientOf: (record) =>
    record.guardian
      ? { role: 'guardian', name: record.guardian.name, address: record.guardian.address, relation: record.guardian.relation }
      : { role: 'self', name: record.person.name, address: record.address },
  comparePieces: (a, b) => {
    const ka = [a.recipient.address.postcode, a.recipient.address.line, a.record.recordId];
    const kb = [b.recipient.address.postcode, b.recipient.address.line, b.record.recordId];
    for (let i = 0; i < 3; i++) if (ka[i] !== kb[i]) return ka[i] < kb[i] ? -1 : 1;
    return 0;
  },
  deadlineFor: (year) => `${year + 1}-03-31`,
  handoffBy: (year, leadDays = 15) => new Date(Date.parse(`${year + 1}-03-31T00:00:00Z`) - leadDays * 86400000).toISOString().slice(0, 10),
  loadRenderAssets: () => ({}),
  createRenderer,
  verificationCode,
  buildPackage: async (input) => {
    const csv = input.pieces.map((p) => `${p.pieceId},${p.batch},${p.record.recordId}`).join('\n');
    const bytes = Buffer.concat([Buffer.from(input.statementsPdf), Buffer.from(input.envelopesPdf), Buffer.from(csv)]);
    return { fileName: `${input.batch}-${String(input.part).padStart(4, '0')}.zip`, bytes, sha256: sha(bytes), manifest: { pieces: input.pieces.length } };
  },
  buildReconciliation: (input) => {
    const overall = { input: input.input, printed: input.printedRecords, exceptions: 0, suppressed: 0, outOfScope: input.outOfScope || 0 };
    const byReason = {};
    for (const e of input.exceptions) {
      byReason[e.reason] = (byReason[e.reason] || 0) + 1;
      if (e.reason.startsWith('DELIVERY_')) overall.suppressed++;
      else overall.exceptions++;
    }
    if (overall.input !== overall.printed + overall.exceptions + overall.suppressed + overall.outOfScope) throw new Error('reconciliation does not balance');
    return { format: 'fake-reconciliation', runId: input.runId, overall, byReason, printedByBatch: input.printedByBatch, balanced: true };
  },
  buildRunManifest: (input) => ({
    runId: input.runId, year: input.year, mode: input.mode, deadline: input.deadline, handoffBy: input.handoffBy,
    finishedOn: input.finishedOn, finishedLate: input.finishedOn > input.handoffBy,
    counts: { ...input.reconciliation.overall, guardianAddressed: input.guardianAddressed, byBatch: input.reconciliation.printedByBatch },
    packages: [...input.packages].sort((a, b) => (a.path < b.path ? -1 : 1)), layouts: input.layouts, fonts: input.fonts,
  }),
  writeRunRecords: async (runDir, manifest, reconciliation) => {
    const fs = require('node:fs');
    fs.writeFileSync(path.join(runDir, 'reconciliation.json'), JSON.stringify(reconciliation, null, 2) + '\n');
    fs.writeFileSync(path.join(runDir, 'manifest.json'), JSON.stringify(manifest, null, 2) + '\n');
    await ports.appendAudit(runDir, { action: 'run.records', details: { runId: manifest.runId } });
    return { manifestSha256: '', reconciliationSha256: '' };
  },
  chinaDate: (now) => new Date(now.getTime() + 8 * 3600000).toISOString().slice(0, 10),
  appendAudit: async (runDir, event) => {
    appendFileSync(path.join(runDir, 'audit.jsonl'), JSON.stringify({ action: event.action, details: event.details }) + '\n');
  },
};

module.exports = { ports };
