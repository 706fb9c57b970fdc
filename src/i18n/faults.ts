/** Faults the domain finds, as data, turned into the operator's language (the domain stays free of the catalogue). */
import { postcodeFault, type PostcodeTable } from '../domain/postcode';
import { t } from './catalogue';

/** Why `postcode` cannot carry mail to an address in `province` (domain/postcode), or null. */
export function postcodeMessage(table: PostcodeTable, field: string, postcode: string, province: string, strict = true): string | null {
  const f = postcodeFault(table, field, postcode, province, strict);
  if (!f) return null;
  if (f.fault === 'digits') return t('exc.postcodeDigits', { field });
  if (f.fault === 'noProvince') return t('exc.postcodeNoProvince', { field, prefix: f.prefix, table: f.table });
  if (f.fault === 'provinceUnknown') return t('exc.postcodeProvinceUnknown', { field, ...f });
  return t('exc.postcodeOtherProvince', { field, ...f });
}
