import { addressText } from './address';
import { maskName } from './masking';
import type { Address, Piece } from './types';

/**
 * One employer's pieces of a part, travelling together (domain.md, distribution through employers):
 * led by the 交接清单 and labelled for the parcel. Only what the hand-over needs: piece IDs and masked
 * names — never an ssn or an amount.
 */
export interface Bundle {
  /** `<partId>-B001`: the part and the bundle's place in it (stable: same extract + ticket, same IDs). */
  bundleId: string;
  employer: { code: string; name: string; address: Address };
  pieces: { pieceId: string; maskedName: string }[];
}

/**
 * The bundles of a part's pieces, in print order: each run of consecutive pieces through the same
 * employer at the same address (the presort keeps them together). Pieces mailed home are in none.
 */
export function bundlesOf(partId: string, pieces: readonly Pick<Piece, 'pieceId' | 'recipient'>[]): Bundle[] {
  const out: Bundle[] = [];
  let current: Bundle | undefined;
  let key = '';
  for (const p of pieces) {
    const via = p.recipient.via;
    if (!via) {
      current = undefined;
      continue;
    }
    const k = `${via.code}\u0000${addressText(p.recipient.address)}\u0000${p.recipient.address.postcode}`;
    if (!current || k !== key) {
      current = { bundleId: `${partId}-B${String(out.length + 1).padStart(3, '0')}`, employer: { code: via.code, name: via.name, address: p.recipient.address }, pieces: [] };
      out.push(current);
      key = k;
    }
    current.pieces.push({ pieceId: p.pieceId, maskedName: maskName(p.recipient.name) });
  }
  return out;
}

/** Each piece's bundle ID ('' for a piece mailed home), in the pieces' order: mailing.csv's `bundle` column. */
export function bundleColumn(pieces: readonly Pick<Piece, 'pieceId'>[], bundles: readonly Bundle[]): string[] {
  const of = new Map<string, string>();
  for (const b of bundles) for (const p of b.pieces) of.set(p.pieceId, b.bundleId);
  return pieces.map((p) => of.get(p.pieceId) ?? '');
}
