/**
 * Under 18 on 31 December of `year` (domain.md: "the last day of the business year").
 * Age on 31 Dec is year − birth year, since every birthday of the year has passed by then:
 * someone born 31 Dec (year − 18) turns 18 that very day and is not a minor.
 */
export function isMinor(birthDate: string, year: number): boolean {
  const birthYear = Number(birthDate.slice(0, 4));
  return year - birthYear < 18;
}
