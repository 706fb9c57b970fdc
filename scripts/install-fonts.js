#!/usr/bin/env node
// Copies the pinned font files named in fonts/fonts.json from node_modules into fonts/ and checks
// each sha256, so a run can only ever use the exact faces the manifest names (never a system font).
'use strict';
const crypto = require('node:crypto');
const fs = require('node:fs');
const path = require('node:path');

const root = path.resolve(__dirname, '..');
const fontsDir = path.join(root, 'fonts');
const manifest = JSON.parse(fs.readFileSync(path.join(fontsDir, 'fonts.json'), 'utf8'));

function sha256(file) {
  return crypto.createHash('sha256').update(fs.readFileSync(file)).digest('hex');
}

let failed = false;
for (const face of manifest.faces) {
  const target = path.join(fontsDir, face.file);
  if (fs.existsSync(target) && sha256(target) === face.sha256) continue;
  let source;
  try {
    source = require.resolve(face.source, { paths: [root] });
  } catch {
    console.error(`install-fonts: ${face.source} not found: run \`npm ci\` (it is a dependency in package.json)`);
    failed = true;
    continue;
  }
  const got = sha256(source);
  if (got !== face.sha256) {
    console.error(`install-fonts: ${face.source} has sha256 ${got}, fonts.json pins ${face.sha256}: reinstall the pinned package version`);
    failed = true;
    continue;
  }
  fs.copyFileSync(source, `${target}.tmp`);
  fs.renameSync(`${target}.tmp`, target);
  console.log(`install-fonts: ${face.file} (${face.family} ${face.style}) ok`);
}
process.exit(failed ? 1 : 0);
