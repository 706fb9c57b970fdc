/**
 * The postcode rule (domain.md, Postcodes): six digits whose first two are a province's, and that
 * province the address's own. The prefix table is data (postcodes/*.json, read by src/assets); this
 * is the pure rule over it.
 */

export interface PostcodeProvince {
  province: string; // the name messages give, e.g. 内蒙古自治区
  names: string[]; // spellings an address's province may start with: 内蒙古自治区, 内蒙古
  prefixes: string[]; // two digits each: 01, 02
}

export interface PostcodeTable {
  id: string;
  version: string;
  provinces: PostcodeProvince[];
}

const SIX_DIGITS = /^\d{6}$/;

/** The province whose names the text starts with (longest name first: 内蒙古自治区 before 内蒙古), if any. */
export function provinceOfText(table: PostcodeTable, text: string): PostcodeProvince | undefined {
  let best: PostcodeProvince | undefined;
  let bestLength = 0;
  for (const p of table.provinces) {
    for (const n of p.names) {
      if (n.length > bestLength && text.trimStart().startsWith(n)) {
        best = p;
        bestLength = n.length;
      }
    }
  }
  return best;
}

export function provinceOfPostcode(table: PostcodeTable, postcode: string): PostcodeProvince | undefined {
  const prefix = postcode.slice(0, 2);
  return table.provinces.find((p) => p.prefixes.includes(prefix));
}

/**
 * Why `postcode` cannot carry mail to an address in `province`, or null when it can. `field` names
 * the postcode in the message (address.postcode, agency.postcode…). `province` is the address's
 * province field; `strict` false (the agency's free-text address) checks the province only when the
 * text names one. Messages name the prefix and its province, never the whole postcode.
 */
export function postcodeProblem(table: PostcodeTable, field: string, postcode: string, province: string, strict = true): string | null {
  const f = postcodeFault(table, field, postcode, province, strict);
  if (!f) return null;
  if (f.fault === 'digits') return `${field} must be 6 digits (it may start with 0)`;
  if (f.fault === 'noProvince') return `${field} prefix ${f.prefix} is no province's (postcode table ${f.table}): correct the postcode`;
  if (f.fault === 'provinceUnknown') return `${field} prefix ${f.prefix} belongs to ${f.owner}, but ${f.where} names no province of the postcode table: correct the province`;
  return `${field} prefix ${f.prefix} belongs to ${f.owner}, not to ${f.own} (${f.where}): correct the postcode or the address`;
}

/** postcodeProblem's fault as data, for a message in the operator's language. */
export type PostcodeFault =
  | { fault: 'digits' }
  | { fault: 'noProvince'; prefix: string; table: string }
  | { fault: 'provinceUnknown'; prefix: string; owner: string; where: string }
  | { fault: 'otherProvince'; prefix: string; owner: string; own: string; where: string };

export function postcodeFault(table: PostcodeTable, field: string, postcode: string, province: string, strict = true): PostcodeFault | null {
  if (!SIX_DIGITS.test(postcode)) return { fault: 'digits' };
  const owner = provinceOfPostcode(table, postcode);
  const prefix = postcode.slice(0, 2);
  if (!owner) return { fault: 'noProvince', prefix, table: `${table.id} ${table.version}` };
  const own = provinceOfText(table, province);
  if (own === owner || (!own && !strict)) return null;
  const where = field.replace(/postcode$/, strict ? 'province' : 'address');
  if (!own) return { fault: 'provinceUnknown', prefix, owner: owner.province, where };
  return { fault: 'otherProvince', prefix, owner: owner.province, own: own.province, where };
}
