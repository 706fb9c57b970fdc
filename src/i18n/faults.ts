/** Faults the domain finds, as data, turned into the operator's language (the domain stays free of the catalogue). */
import { NO_REASON } from '../domain/ack';
import { postcodeFault, type PostcodeTable } from '../domain/postcode';
import { t, tIn } from './catalogue';
import type { Lang } from './lang';

/** Why `postcode` cannot carry mail to an address in `province` (domain/postcode), or null. */
export function postcodeMessage(table: PostcodeTable, field: string, postcode: string, province: string, strict = true): string | null {
  const f = postcodeFault(table, field, postcode, province, strict);
  if (!f) return null;
  if (f.fault === 'digits') return t('exc.postcodeDigits', { field });
  if (f.fault === 'noProvince') return t('exc.postcodeNoProvince', { field, prefix: f.prefix, table: f.table });
  if (f.fault === 'provinceUnknown') return t('exc.postcodeProvinceUnknown', { field, ...f });
  return t('exc.postcodeOtherProvince', { field, ...f });
}

/** A rejection's reason for a screen (acks, status, report.html, the dashboard): the print house's words as they are; only our own placeholder for none is translated. */
export function rejectionReason(reason: string | undefined, lang: Lang): string {
  return !reason || reason === NO_REASON ? tIn(lang, 'acks.noReason') : reason;
}
