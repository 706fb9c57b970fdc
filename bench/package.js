#!/usr/bin/env node
'use strict';
// Package-stream timings on synthetic data (run `npm run build` first): stored-ZIP build, SHA-256,
// ZIP read + CRC check, and pdf-lib load + /PieceInfo read of a 5,000-page PDF (what `siprint verify` does per part).
// Usage: node bench/package.js [MB=75] [pages=5000]
const { performance } = require('node:perf_hooks');
const { randomBytes } = require('node:crypto');
const { PDFDocument, PDFName, PDFNumber, PDFString, StandardFonts } = require('pdf-lib');
const pkg = require('../dist/package');
const { sha256 } = require('../dist/run-dir/hash');

const ms = (t) => `${(performance.now() - t).toFixed(0)} ms`;
(async () => {
  const mb = Number(process.argv[2] ?? 75);
  const pagesN = Number(process.argv[3] ?? 5000);
  const a = randomBytes(Math.round(mb * 0.8e6));
  const b = randomBytes(Math.round(mb * 0.2e6));
  let t = performance.now();
  const z1 = await pkg.storedZip([{ name: 'statements.pdf', data: a }, { name: 'envelopes.pdf', data: b }]);
  console.log(`stored ZIP of ${mb} MB: build ${ms(t)}`);
  t = performance.now();
  const h = sha256(z1);
  console.log(`sha256: ${ms(t)}`);
  const z2 = await pkg.storedZip([{ name: 'statements.pdf', data: a }, { name: 'envelopes.pdf', data: b }]);
  console.log(`reproducible: ${sha256(z2) === h}`);
  t = performance.now();
  pkg.readZip(z1);
  console.log(`read + CRC-32: ${ms(t)}`);

  const doc = await PDFDocument.create({ updateMetadata: false });
  const font = await doc.embedFont(StandardFonts.Helvetica);
  for (let i = 0; i < pagesN; i++) {
    const page = doc.addPage([595, 842]);
    for (let l = 0; l < 30; l++) page.drawText(`line ${l} of piece ${i}`, { x: 40, y: 800 - l * 20, size: 10, font });
    const ctx = doc.context;
    page.node.set(PDFName.of('PieceInfo'), ctx.obj({ siprint: ctx.obj({ Private: ctx.obj({ Piece: PDFString.of(`P-${i}`), Page: PDFNumber.of(1), Of: PDFNumber.of(1) }) }) }));
  }
  const bytes = await doc.save({ useObjectStreams: false });
  t = performance.now();
  const d = await PDFDocument.load(bytes, { updateMetadata: false });
  let tagged = 0;
  for (const p of d.getPages()) if (p.node.lookup(PDFName.of('PieceInfo'))) tagged++;
  console.log(`${pagesN}-page PDF (${(bytes.length / 1e6).toFixed(1)} MB): load + read /PieceInfo ${ms(t)} (${tagged} tagged)`);
})();
