import { type CountryCode, parsePhoneNumberFromString } from 'libphonenumber-js/min';

/** An ISO 3166-1 alpha-2 country code, as libphonenumber-js knows them (`'US'`, `'CA'`, `'GB'`, …). */
export type { CountryCode };

/** The country of a phone number in international form, or undefined when it has none or is not a number. */
export function countryOf(phone: string): CountryCode | undefined {
  if (!phone.trim().startsWith('+')) return undefined;
  return parsePhoneNumberFromString(phone)?.country;
}

/** The number in E.164 (`+14155550100`), or the text trimmed when it is not a phone number. */
export function normalizePhone(phone: string): string {
  return (phone.trim().startsWith('+') && parsePhoneNumberFromString(phone)?.number) || phone.trim();
}

/** Checks `allowedCountries` once: an array of two-letter codes, upper-cased; undefined allows every country. */
export function countryCheck(allowed: readonly string[] | undefined): (phone: string) => boolean {
  if (allowed === undefined) return () => true;
  if (
    !Array.isArray(allowed) ||
    allowed.some((code) => typeof code !== 'string' || !/^[A-Za-z]{2}$/.test(code))
  )
    throw new TypeError('allowedCountries must be an array of ISO 3166 two-letter country codes');
  const set = new Set(allowed.map((code) => code.toUpperCase()));
  return (phone) => {
    const country = countryOf(phone);
    // Stryker disable next-line ConditionalExpression: the set holds two-letter codes, never undefined
    return country !== undefined && set.has(country);
  };
}
