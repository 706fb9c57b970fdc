/**
 * Warnings (docs/extract-format.md): records that are possible but unlikely — printed as they are,
 * listed for the core system to look at, never held. Pure, like the judge: the same lines in `check`
 * and in `run`. Exact arithmetic (BigInt over fen and thousandths of a per cent), no floating point.
 */
import { SCHEME_NAMES, type InsuredRecord, type WarningCode } from '../domain/types';
import type { WarningRules } from '../domain/types';
import { t } from '../i18n';

export interface Warning {
  warning: WarningCode;
  message: string;
}

/** A rate in per cent as integer thousandths of a per cent (2.62 → 2620). */
const milli = (pct: number): bigint => BigInt(Math.round(pct * 1000));
const B = (n: number): bigint => BigInt(n);
const abs = (n: bigint): bigint => (n < 0n ? -n : n);
const AGE_LIMIT = 105;

/** The warnings of a valid record, in a fixed order: contributions (schemes in order, personal then employer), interest, age. */
export function warningsOf(r: InsuredRecord, year: number, rules: WarningRules | undefined): Warning[] {
  const out: Warning[] = [];
  const rates = rules?.rates;
  if (rates) {
    for (const s of SCHEME_NAMES) {
      const sc = r.schemes[s];
      const rate = rates[s];
      if (!sc || !rate || sc.monthlyBase === undefined) continue;
      const months = B(sc.monthsThisYear);
      for (const side of ['personal', 'employer'] as const) {
        const pct = rate[side];
        const paid = side === 'personal' ? sc.personalContribution : sc.employerContribution;
        if (pct === undefined || paid === undefined) continue;
        // |paid − base × months × pct/100| > 1 yuan (100 fen) a month, all × 100,000
        if (abs(B(paid) * 100000n - B(sc.monthlyBase) * months * milli(pct)) > 100n * months * 100000n) {
          out.push({ warning: 'CONTRIBUTION_RATE', message: t('warn.rate', { field: `schemes.${s}.${side}Contribution`, s, pct: String(pct) }) });
        }
      }
    }
  }
  const a = r.pensionAccount;
  if (rules?.interestRate !== undefined && a) {
    const r1000 = milli(rules.interestRate);
    // 0.1 point = 100 thousandths of a per cent; interest × 100,000 / balance is the rate in those
    if (abs(B(a.interestOnOpening) * 100000n - B(a.openingBalance) * r1000) > B(a.openingBalance) * 100n) {
      out.push({ warning: 'INTEREST_RATE', message: t('warn.interestOpening', { pct: String(rules.interestRate) }) });
    }
    // credited during the year earns from its month on: anything from 0 up to the full rate
    if (B(a.interestOnCredited) * 100000n > B(a.credited) * (r1000 + 100n)) {
      out.push({ warning: 'INTEREST_RATE', message: t('warn.interestCredited', { pct: String(rules.interestRate) }) });
    }
  }
  if (year - Number(r.person.birthDate.slice(0, 4)) > AGE_LIMIT) out.push({ warning: 'AGE_OVER_105', message: t('warn.age', { year }) });
  return out;
}
