/** A recipient's province/city as one label, for counts that carry no personal data. */
export function regionOf(address: { province?: string; city?: string } | undefined): string {
  const province = address?.province?.trim() || '(unknown)';
  const city = address?.city?.trim();
  // municipalities (北京市, 上海市…) give the same name twice
  return city && city !== province ? `${province} ${city}` : province;
}
