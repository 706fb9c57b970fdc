/**
 * Which pieces a proof shows: a handful chosen, in one streaming pass and O(1) memory, to cover every
 * layout and edge the extract has — each batch, a guardian's envelope, the longest statement (most
 * sheets), the longest name, address and employer, a benefits section per batch, a rare character,
 * and each v1.1 block: back pay, deemed months, the medical account, a retiree's 离退休待遇, a benefit
 * row with 伤残等级 or 天数, an envelope through the employer.
 * Pure: pieces in, picks out.
 */
import { currentLang, tFor, type Lang } from '../i18n';
import iconv from 'iconv-lite';
import { addressText } from '../domain/address';
import type { BatchCode, SheetedPiece } from '../domain/types';

export type EdgeKey = string;

export interface ProofPick {
  piece: SheetedPiece;
  /** Why it is in the proof (one piece can cover several edges), in the operator's language. */
  covers: string[];
  /** The same edges as codes (`batch:E`, `guardian`, `rare`…), for machines and the ASCII page stamp. */
  edges: EdgeKey[];
}

export interface ProofSelection {
  picks: ProofPick[];
  /** Edges this extract does not have (nothing to show for them), in the operator's language. */
  absent: string[];
  /** The same as codes. */
  absentEdges: EdgeKey[];
}

/**
 * 0 = common (ASCII or GB2312), 1 = only in GBK (e.g. 堃 喆 䶮), 2 = beyond GBK (CJK Ext. B+, e.g. 𬱖):
 * the characters a font or a print house's system is most likely to miss.
 */
export function rarity(ch: string): number {
  const cp = ch.codePointAt(0) ?? 0;
  if (cp < 0x80) return 0;
  const b = iconv.encode(ch, 'gbk');
  if (b.length !== 2 || iconv.decode(b, 'gbk') !== ch) return 2;
  const [b1 = 0, b2 = 0] = b;
  return b1 >= 0xa1 && b1 <= 0xf7 && b2 >= 0xa1 && b2 <= 0xfe ? 0 : 1;
}

function rarest(texts: (string | undefined)[]): { score: number; ch: string } {
  let best = { score: 0, ch: '' };
  for (const t of texts) {
    if (!t) continue;
    for (const ch of t) {
      const s = rarity(ch);
      if (s > best.score) best = { score: s, ch };
    }
  }
  return best;
}

const batchRank = (b: BatchCode) => (b === 'E' ? 0 : b === 'R' ? 1 : 2);
const len = (s: string | undefined) => (s ? Array.from(s).length : 0);

interface Candidate {
  piece: SheetedPiece;
  score: number;
  note: string;
}

/** Keeps, per edge, the best piece seen so far (ties: the first). */
export class ProofSelector {
  private readonly best = new Map<EdgeKey, Candidate>();
  private readonly order: EdgeKey[] = [];
  private readonly batches: BatchCode[] = [];

  /** `lang`: the language of the notes (the proof's cover and the CLI's lines). */
  constructor(lang: Lang = currentLang()) {
    this.t = tFor(lang);
  }

  private readonly t: ReturnType<typeof tFor>;

  private consider(key: EdgeKey, piece: SheetedPiece, score: number, note: string): void {
    const cur = this.best.get(key);
    if (!cur) this.order.push(key);
    if (!cur || score > cur.score) this.best.set(key, { piece, score, note });
  }

  offer(piece: SheetedPiece): void {
    const { record, recipient, batch } = piece;
    if (!this.batches.includes(batch)) this.batches.push(batch);
    this.consider(`batch:${batch}`, piece, 0, this.t('proof.edge.batch', { batch }));
    if (recipient.role === 'guardian') this.consider('guardian', piece, 0, this.t('proof.edge.guardian'));
    if (piece.sheets >= 2) this.consider('sheets', piece, piece.sheets, this.t('proof.edge.sheets', { sheets: piece.sheets }));
    const name = Math.max(len(record.person.name), len(recipient.name));
    this.consider('name', piece, name, this.t('proof.edge.name', { n: name }));
    const address = len(addressText(recipient.address));
    this.consider('address', piece, address, this.t('proof.edge.address', { n: address }));
    if (record.employer) this.consider('employer', piece, len(record.employer.name), this.t('proof.edge.employer', { n: len(record.employer.name) }));
    if (record.benefits.length > 0) this.consider(`benefits:${batch}`, piece, 0, this.t('proof.edge.benefits', { batch }));
    if (batch !== 'R') {
      const schemes = Object.values(record.schemes);
      if (schemes.some((s) => (s?.backPayAmount ?? 0) > 0 || (s?.backPayMonths ?? 0) > 0)) this.consider('backPay', piece, 0, this.t('proof.edge.backPay'));
      if ((record.schemes.pension?.deemedMonths ?? 0) > 0) this.consider('deemed', piece, 0, this.t('proof.edge.deemed'));
      if (record.medicalAccount) this.consider('medicalAccount', piece, 0, this.t('proof.edge.medicalAccount'));
      if (record.retirement) this.consider('retirement', piece, 0, this.t('proof.edge.retirement'));
      const detail = record.benefits.filter((b) => b.grade !== undefined || b.days !== undefined).length;
      if (detail > 0) this.consider('benefitDetail', piece, detail, this.t('proof.edge.benefitDetail'));
    }
    if (recipient.via) this.consider('employer-envelope', piece, 0, this.t('proof.edge.employerEnvelope'));
    const rare = rarest([record.person.name, recipient.name, addressText(recipient.address), record.employer?.name, record.guardian?.name]);
    if (rare.score > 0) this.consider('rare', piece, rare.score, this.t('proof.edge.rare', { code: (rare.ch.codePointAt(0) ?? 0).toString(16).toUpperCase(), beyondGbk: rare.score === 2 }));
  }

  result(): ProofSelection {
    const picks: ProofPick[] = [];
    const byPiece = new Map<SheetedPiece, ProofPick>();
    for (const key of this.order) {
      const c = this.best.get(key);
      if (!c) continue;
      let pick = byPiece.get(c.piece);
      if (!pick) {
        pick = { piece: c.piece, covers: [], edges: [] };
        byPiece.set(c.piece, pick);
        picks.push(pick);
      }
      pick.covers.push(c.note);
      pick.edges.push(key);
    }
    const absent: string[] = [];
    const absentEdges: EdgeKey[] = [];
    const none = (key: EdgeKey, note: string) => {
      absentEdges.push(key);
      absent.push(note);
    };
    if (!this.best.has('guardian')) none('guardian', this.t('proof.absent.guardian'));
    if (!this.best.has('sheets')) none('sheets', this.t('proof.absent.sheets'));
    if (!this.best.has('rare')) none('rare', this.t('proof.absent.rare'));
    for (const b of this.batches) if (!this.best.has(`benefits:${b}`)) none(`benefits:${b}`, this.t('proof.absent.benefits', { batch: b }));
    // print order: by batch (E, R, then schemes as first seen), the batch's first piece first, then as picked
    const batches = [...this.batches].sort((a, b) => batchRank(a) - batchRank(b));
    const rank = (p: ProofPick) => batches.indexOf(p.piece.batch) * 2 + (p.edges.includes(`batch:${p.piece.batch}`) ? 0 : 1);
    picks.sort((a, b) => rank(a) - rank(b));
    return { picks, absent, absentEdges };
  }
}
