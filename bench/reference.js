'use strict';
/**
 * The reference renderer of bench/run.js: a competent PDFKit + bwip-js rendering of the same pieces a
 * run printed — each statement on its layout (every page: frame, title, body as siprint's layout engine
 * places it, footer, the verification text and QR on the first page, the inserter's DataMatrix on every
 * sheet) and its DL envelope (postcode boxes and digits, postage imprint, recipient, sender, piece code).
 * One PDF of statements and one of envelopes per part, as a run makes them; an electronic part's
 * statements one PDF each, without the inserter's code and without envelopes. It reuses siprint's layout
 * (the fitter's line breaks and positions): what is compared is the drawing and the barcodes, not the
 * layout rules.
 *   node bench/reference.js <runDir> [maxPieces]   → one JSON line: { parts, pieces, cpu, wall, bytes }
 */
const path = require('node:path');
const PDFDocument = require('pdfkit');
const bwip = require('bwip-js');

const root = path.resolve(__dirname, '..');
const dist = (p) => require(path.join(root, 'dist', p));
const MM = 72 / 25.4;

function createReference(assets) {
  const { Fitter, layoutFlow, placeText } = dist('render/flow');
  const { FontSet } = dist('render/fonts');
  const { statementView, fill } = dist('render/view');
  const { formatVerificationCode, verificationCode } = dist('render/verification');
  const { formatDateCn } = dist('domain/format');
  const { addressText } = dist('domain/address');
  const fitter = new Fitter(new FontSet(assets.fonts.files, assets.fonts.fallback));
  const fontBytes = (id) => Buffer.from(assets.fonts.files.find((f) => f.id === id).bytes);
  const regular = fontBytes('sans-regular');
  const bold = fontBytes('sans-bold');
  const layouts = assets.layouts.map((l) => l.layout);
  const layoutFor = (batch) => layouts.find((l) => l.type === 'statement' && l.batches.includes(batch));
  const envelope = layouts.find((l) => l.type === 'envelope');
  const none = () => undefined;

  const open = () => {
    const doc = new PDFDocument({ autoFirstPage: false, compress: true, info: { Producer: 'bench', CreationDate: new Date(0) } });
    const chunks = [];
    doc.on('data', (c) => chunks.push(c));
    const done = new Promise((resolve) => doc.on('end', () => resolve(Buffer.concat(chunks))));
    doc.registerFont('regular', regular);
    doc.registerFont('bold', bold);
    return { doc, done };
  };
  const text = (doc, op) => doc.font(op.style).fontSize(op.size).text(op.text, op.x * MM, op.y * MM, { lineBreak: false, baseline: 'alphabetic' });
  const line = (doc, x1, y1, x2, y2, width, gray) => doc.moveTo(x1 * MM, y1 * MM).lineTo(x2 * MM, y2 * MM).lineWidth(width).strokeColor([0, 0, 0], 1 - gray).stroke();
  /** A bwip-js symbol drawn as one filled path of its dark runs. */
  const symbol = (doc, kind, data, opts, x, y, size) => {
    const [m] = bwip.raw(kind, data, opts);
    const mod = (size / m.pixx) * MM;
    for (let row = 0; row < m.pixy; row++) {
      let col = 0;
      while (col < m.pixx) {
        if (!m.pixs[row * m.pixx + col]) { col++; continue; }
        const start = col;
        while (col < m.pixx && m.pixs[row * m.pixx + col]) col++;
        doc.rect(x * MM + start * mod, y * MM + row * mod, (col - start) * mod, mod);
      }
    }
    doc.fillColor('black').fill();
  };

  const statements = (pieces, ctx) => {
    const { doc, done } = open();
    for (const piece of pieces) {
      const layout = layoutFor(piece.batch);
      const view = statementView(piece.record, piece.batch, { year: ctx.year, printDate: ctx.printDate });
      const pages = layoutFlow(layout, [view], fitter, none);
      const code = formatVerificationCode(piece.verificationCode ?? verificationCode(piece.record, piece.batch, ctx.year, ctx.verificationKey));
      const title = fill(layout.frame.title.text, [view]);
      const fixed = { size: layout.body.size, minSize: layout.body.minSize, lineHeight: layout.body.lineHeight };
      const sheets = layout.page.duplex ? Math.ceil(pages.length / 2) : pages.length;
      pages.forEach((ops, i) => {
        doc.addPage({ size: [layout.page.width * MM, layout.page.height * MM], margin: 0 });
        const t = i === 0 ? title : `${title}${layout.frame.title.continued}`;
        text(doc, { x: layout.page.width / 2 - fitter.fonts.width(t, 'bold', layout.frame.title.size) / 2, y: layout.frame.title.y, size: layout.frame.title.size, style: 'bold', text: t });
        for (const item of layout.frame.fixed) for (const op of placeText(fitter, item, fill(item.text, [{ year: ctx.year }]), fixed, none)) text(doc, op);
        for (const r of layout.frame.rules) line(doc, r.x1, r.y1, r.x2, r.y2, r.width ?? layout.body.ruleWidth, layout.body.ruleGray);
        for (const op of ops) (op.t === 'text' ? text(doc, op) : line(doc, op.x1, op.y1, op.x2, op.y2, op.width, op.gray));
        const page = { pieceId: piece.pieceId, page: i + 1, pages: pages.length, runId: ctx.runId, printDateCn: formatDateCn(ctx.printDate) };
        for (const item of layout.frame.footer) for (const op of placeText(fitter, item, fill(item.text, [page, view]), fixed, none)) text(doc, op);
        if (i === 0) {
          const v = layout.frame.verification;
          for (const op of placeText(fitter, v.text, fill(v.text.text, [{ code }, view]), fixed, none)) text(doc, op);
          symbol(doc, 'qrcode', code, 'eclevel=M', v.qr.x, v.qr.y, v.qr.size);
        }
        if (!ctx.electronic && (!layout.page.duplex || i % 2 === 0)) {
          const dm = layout.frame.dataMatrix;
          const sheet = layout.page.duplex ? Math.floor(i / 2) + 1 : i + 1;
          symbol(doc, 'datamatrix', `${ctx.runId}|${piece.pieceId}|${sheet}/${sheets}`, '', dm.x, dm.y, dm.size);
        }
      });
    }
    doc.end();
    return done;
  };

  const envelopes = (pieces, ctx) => {
    const { doc, done } = open();
    const defaults = { size: 10, minSize: 9, lineHeight: 6 };
    const b = envelope.postcodeBoxes;
    for (const piece of pieces) {
      doc.addPage({ size: [envelope.page.width * MM, envelope.page.height * MM], margin: 0 });
      for (const item of envelope.fixed) for (const op of placeText(fitter, item, item.text, { size: 10, minSize: 9, lineHeight: 5 }, none)) text(doc, op);
      for (let i = 0; i < 6; i++) doc.rect((b.x + i * (b.width + b.gap)) * MM, b.y * MM, b.width * MM, b.height * MM).lineWidth(b.lineWidth).strokeColor('red').stroke();
      const p = envelope.postage;
      doc.rect(p.x * MM, p.y * MM, p.width * MM, p.height * MM).lineWidth(0.6).strokeColor('black').stroke();
      const r = piece.recipient;
      [...r.address.postcode].slice(0, 6).forEach((digit, i) => {
        const w = fitter.fonts.width(digit, 'regular', b.digitSize);
        text(doc, { x: b.x + i * (b.width + b.gap) + (b.width - w) / 2, y: b.y + b.height / 2 + b.digitSize * 0.3528 * 0.36, size: b.digitSize, style: 'regular', text: digit });
      });
      for (const item of p.lines) for (const op of placeText(fitter, item, fill(item.text, [{ postagePermit: ctx.postagePermit }]), defaults, none)) text(doc, op);
      const scope = {
        recipient: { name: r.name, address: addressText(r.address), postcode: r.address.postcode, mark: r.role === 'guardian' ? envelope.recipient.guardianSuffix : envelope.recipient.selfSuffix },
        agency: piece.record.agency,
        pieceId: piece.pieceId,
        ...(r.via ? { employer: r.via } : {}),
      };
      for (const item of [envelope.recipient.address, envelope.recipient.name, ...envelope.sender, envelope.pieceCode.text]) {
        for (const op of placeText(fitter, item, fill(item.text, [scope]), defaults, none)) text(doc, op);
      }
      const pc = envelope.pieceCode;
      symbol(doc, 'datamatrix', `${ctx.runId}|${piece.pieceId}|1/1`, '', pc.x, pc.y, pc.size);
    }
    doc.end();
    return done;
  };
  return { statements, envelopes };
}

module.exports = { createReference };

if (require.main === module) {
  (async () => {
    const fs = require('node:fs');
    const [runDir, max] = process.argv.slice(2);
    const { readPartPieces } = dist('pipeline');
    const { loadRenderAssets } = dist('assets');
    const ref = createReference(loadRenderAssets(root));
    const ctx = { runId: path.basename(runDir), year: 2025, printDate: '2026-01-15', verificationKey: 'bench-key', postagePermit: 'permit' };
    const parts = fs.readdirSync(path.join(runDir, 'parts')).filter((f) => f.endsWith('.json.gz')).map((f) => f.replace('.json.gz', '')).sort();
    // a sample of `max` pieces takes the same share of every part (the mix of batches and channels of the run)
    const total = parts.reduce((n, part) => n + JSON.parse(fs.readFileSync(path.join(runDir, 'parts', part, 'rendered.json'), 'utf8')).pieces, 0);
    const share = Math.min(1, Number(max || Infinity) / total);
    // warm-up outside the clock: fonts parsed, JIT, bwip-js's encoders loaded
    const first = (await readPartPieces(runDir, parts[0])).slice(0, 5);
    await ref.statements(first, ctx);
    await ref.envelopes(first, ctx);
    let pieces = 0, cpu = 0, wall = 0, bytes = 0;
    for (const part of parts) {
      const whole = await readPartPieces(runDir, part);
      const all = whole.slice(0, Math.ceil(whole.length * share));
      const c0 = process.cpuUsage(), t0 = Date.now();
      if (part.startsWith('EL-')) for (const piece of all) bytes += (await ref.statements([piece], { ...ctx, electronic: true })).length;
      else bytes += (await ref.statements(all, ctx)).length + (await ref.envelopes(all, ctx)).length;
      const c = process.cpuUsage(c0);
      pieces += all.length; wall += (Date.now() - t0) / 1000; cpu += (c.user + c.system) / 1e6;
    }
    console.log(JSON.stringify({ parts: parts.length, pieces, cpu, wall, bytes }));
  })().catch((e) => { console.error(e); process.exit(1); });
}
