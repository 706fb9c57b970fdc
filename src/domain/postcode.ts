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
  if (!SIX_DIGITS.test(postcode)) return `${field} must be 6 digits (it may start with 0)`;
  const owner = provinceOfPostcode(table, postcode);
  const prefix = postcode.slice(0, 2);
  if (!owner) return `${field} prefix ${prefix} is no province's (postcode table ${table.id} ${table.version}): correct the postcode`;
  const own = provinceOfText(table, province);
  if (own === owner || (!own && !strict)) return null;
  const where = field.replace(/postcode$/, strict ? 'province' : 'address');
  if (!own) return `${field} prefix ${prefix} belongs to ${owner.province}, but ${where} names no province of the postcode table: correct the province`;
  return `${field} prefix ${prefix} belongs to ${owner.province}, not to ${own.province} (${where}): correct the postcode or the address`;
}
