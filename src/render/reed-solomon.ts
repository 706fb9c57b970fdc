/** Reed–Solomon error correction over GF(256), as DataMatrix (0x12D) and QR (0x11D) use it. */

function gfTables(poly: number): { exp: Uint8Array; log: Uint8Array } {
  const exp = new Uint8Array(512);
  const log = new Uint8Array(256);
  let x = 1;
  for (let i = 0; i < 255; i++) {
    exp[i] = x;
    log[x] = i;
    x <<= 1;
    if (x & 0x100) x ^= poly;
  }
  for (let i = 255; i < 512; i++) exp[i] = exp[i - 255] ?? 0;
  return { exp, log };
}

export class ReedSolomon {
  private readonly exp: Uint8Array;
  private readonly log: Uint8Array;
  private readonly generators = new Map<number, Uint8Array>();

  /** `firstRoot`: 0 for QR (roots α^0…α^(n−1)), 1 for DataMatrix (α^1…α^n). */
  constructor(poly: number, private readonly firstRoot: number) {
    ({ exp: this.exp, log: this.log } = gfTables(poly));
  }

  private mul(a: number, b: number): number {
    return a === 0 || b === 0 ? 0 : (this.exp[(this.log[a] ?? 0) + (this.log[b] ?? 0)] ?? 0);
  }

  /** Generator polynomial coefficients, highest degree first (leading 1 dropped). */
  private generator(n: number): Uint8Array {
    let g = this.generators.get(n);
    if (g) return g;
    let poly = [1];
    for (let i = 0; i < n; i++) {
      const root = this.exp[i + this.firstRoot] ?? 0;
      const next = new Array<number>(poly.length + 1).fill(0);
      poly.forEach((c, j) => {
        next[j] = (next[j] ?? 0) ^ c;
        next[j + 1] = (next[j + 1] ?? 0) ^ this.mul(c, root);
      });
      poly = next;
    }
    g = Uint8Array.from(poly.slice(1));
    this.generators.set(n, g);
    return g;
  }

  /** The n check codewords for `data` (systematic encoding). */
  ecc(data: ArrayLike<number>, n: number): Uint8Array {
    const g = this.generator(n);
    const { exp, log } = this;
    const r = new Uint8Array(n);
    for (let i = 0; i < data.length; i++) {
      const f = (data[i] as number) ^ (r[0] as number);
      // shift the remainder one place while adding f·g (f's logarithm looked up once per codeword)
      if (f === 0) {
        r.copyWithin(0, 1);
        r[n - 1] = 0;
        continue;
      }
      const lf = log[f] as number;
      for (let j = 0; j < n; j++) {
        const gj = g[j] as number;
        const next = j + 1 < n ? (r[j + 1] as number) : 0;
        r[j] = gj === 0 ? next : next ^ (exp[lf + (log[gj] as number)] as number);
      }
    }
    return r;
  }
}
