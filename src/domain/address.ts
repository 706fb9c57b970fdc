import type { Address } from './types';

/**
 * The postal address as one line: province + city + district + line, no separators. A municipality's
 * city repeats its province (北京市 北京市): print it once.
 */
export function addressText(a: Address): string {
  const city = a.city && a.city !== a.province ? a.city : '';
  return `${a.province}${city}${a.district ?? ''}${a.line}`;
}
