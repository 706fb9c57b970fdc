/** Pass 1's reading of `recordId` and `person.ssn` from a JSONL line, without building the whole object when it can. */
const FAST_ID = /^\{"recordId":"([^"\\]*)"/;
const FAST_SSN = /"person":\{(?:"[A-Za-z]+":"[^"\\{}]*",)*"ssn":"([^"\\]*)"/;
const once = (text: string, key: string): boolean => {
  const i = text.indexOf(key);
  return i !== -1 && text.indexOf(key, i + 1) === -1;
};

/**
 * Pass 1 only needs recordId and person.ssn. For the usual compact line
 * (`{"recordId":"…",…,"person":{"name":"…","ssn":"…"`, each key once) regular expressions read them
 * without building the object — half the cost of a second JSON.parse. Anything else is parsed.
 */
const B_ID_PREFIX = Buffer.from('{"recordId":"');
const B_RECORD_ID = Buffer.from('"recordId"');
const B_PERSON = Buffer.from('"person"');
const B_PERSON_OPEN = Buffer.from('"person":{');
const B_SSN = Buffer.from('"ssn"');
const onceIn = (b: Buffer, key: Buffer): boolean => {
  const i = b.indexOf(key);
  return i !== -1 && b.indexOf(key, i + 1) === -1;
};
/** ASCII bytes without quote or backslash in [from, to). */
function plainAscii(b: Buffer, from: number, to: number): boolean {
  for (let k = from; k < to; k++) {
    const c = b[k] ?? 0;
    if (c >= 0x80 || c === 0x5c) return false;
  }
  return true;
}

/**
 * The same fast path as `jsonKeys`, on undecoded UTF-8 bytes (no string is built for the line):
 * in UTF-8 every byte < 0x80 is that ASCII character, so the structural search is exact.
 */
export function bytesKeys(b: Buffer): { id: unknown; ssn: unknown } | null {
  const n = b.length;
  if (n < 20 || b[n - 1] !== 0x7d || b.compare(B_ID_PREFIX, 0, B_ID_PREFIX.length, 0, B_ID_PREFIX.length) !== 0) return null;
  if (!onceIn(b, B_RECORD_ID) || !onceIn(b, B_PERSON) || !onceIn(b, B_SSN)) return null;
  const idStart = B_ID_PREFIX.length;
  const idEnd = b.indexOf(0x22, idStart);
  if (idEnd < 0 || !plainAscii(b, idStart, idEnd)) return null;
  let p = b.indexOf(B_PERSON_OPEN);
  if (p < 0) return null;
  p += B_PERSON_OPEN.length;
  // `"key":"value",` pairs of plain strings until "ssn"
  for (;;) {
    if (b[p] !== 0x22) return null;
    const keyStart = ++p;
    while (p < n && (((b[p] ?? 0) | 0x20) >= 0x61 && ((b[p] ?? 0) | 0x20) <= 0x7a)) p++;
    if (p === keyStart || b[p] !== 0x22 || b[p + 1] !== 0x3a || b[p + 2] !== 0x22) return null;
    const isSsn = p - keyStart === 3 && b[keyStart] === 0x73 && b[keyStart + 1] === 0x73 && b[keyStart + 2] === 0x6e;
    p += 3;
    const valueStart = p;
    while (p < n && b[p] !== 0x22) {
      const c = b[p];
      if (c === 0x5c || c === 0x7b || c === 0x7d) return null;
      p++;
    }
    if (p >= n) return null;
    if (isSsn) {
      if (!plainAscii(b, valueStart, p)) return null;
      return { id: b.toString('latin1', idStart, idEnd), ssn: b.toString('latin1', valueStart, p) };
    }
    if (b[++p] !== 0x2c) return null;
    p++;
  }
}

export function jsonKeys(text: string): { id: unknown; ssn: unknown } | null {
  if (text.charCodeAt(text.length - 1) === 125 && once(text, '"recordId"') && once(text, '"person"') && once(text, '"ssn"')) {
    const id = FAST_ID.exec(text);
    const ssn = id ? FAST_SSN.exec(text) : null;
    if (id && ssn) return { id: id[1], ssn: ssn[1] };
  }
  try {
    const o = JSON.parse(text) as unknown;
    if (o === null || typeof o !== 'object') return null;
    const r = o as { recordId?: unknown; person?: { ssn?: unknown } | null };
    return { id: r.recordId, ssn: r.person?.ssn };
  } catch {
    return null;
  }
}
