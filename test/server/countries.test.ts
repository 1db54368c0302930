import { describe, expect, it } from 'vitest';
import { countryCheck, countryOf, normalizePhone } from '../../src/server/countries.ts';

describe('countryOf', () => {
  it('is the country of a number in international form', () => {
    expect(countryOf('+14155550142')).toBe('US');
    expect(countryOf(' +1 415 555 0142 ')).toBe('US');
    expect(countryOf('+33612345678')).toBe('FR');
  });

  it('is undefined for a number without its country code, text around a number, or no country', () => {
    for (const phone of ['14155550142', 'x +14155550142', 'tel:+14155550142', '+80012345678', '+', 'someone'])
      expect(countryOf(phone), phone).toBeUndefined();
  });
});

describe('normalizePhone', () => {
  it('writes a number in E.164, and leaves anything else trimmed', () => {
    expect(normalizePhone(' +1 (415) 555-0142 ')).toBe('+14155550142');
    expect(normalizePhone(' 14155550142 ')).toBe('14155550142');
    expect(normalizePhone(' x +14155550142 ')).toBe('x +14155550142');
    expect(normalizePhone(' +1 ')).toBe('+1');
    expect(normalizePhone(' someone ')).toBe('someone');
  });
});

describe('countryCheck', () => {
  it('allows every number, and anything else, when no list is given', () => {
    const isAllowed = countryCheck(undefined);
    for (const phone of ['+33612345678', 'someone']) expect(isAllowed(phone)).toBe(true);
  });

  it('allows the listed countries in any case, and nothing without a country', () => {
    const isAllowed = countryCheck(['us', 'CA']);
    expect(isAllowed('+14155550142')).toBe(true);
    expect(isAllowed('+12045550142')).toBe(true);
    for (const phone of ['+33612345678', '+80012345678', '14155550142', 'someone'])
      expect(isAllowed(phone), phone).toBe(false);
    expect(countryCheck([])('+14155550142')).toBe(false);
  });

  it('refuses a list that is not two-letter codes', () => {
    for (const allowed of ['US', ['USA'], ['1US'], ['U'], ['U1'], ['us '], [1], [null], [['US']], null, {}])
      expect(() => countryCheck(allowed as never), JSON.stringify(allowed)).toThrow(
        new TypeError('allowedCountries must be an array of ISO 3166 two-letter country codes'),
      );
  });
});
