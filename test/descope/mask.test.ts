import { describe, expect, it } from 'vitest';
import { maskEmail, maskPhone } from '../../src/descope/mask.ts';

describe('masked addresses, as Descope answers them', () => {
  it.each([
    ['ada.lovelace@example.com', 'ad**********@example.com'],
    ['abc@example.com', 'ab*@example.com'],
    ['ab@example.com', 'a*@example.com'],
    ['a@example.com', 'a*@example.com'],
    ['@example.com', '*@example.com'],
    ['a@b@example.com', 'a@*@example.com'],
    ['adalovelace', 'ad*********'],
    ['', '*'],
  ])('email %j is %j', (email, masked) => {
    expect(maskEmail(email)).toBe(masked);
  });

  it.each([
    ['+14155550100', '+*******0100'],
    ['+12345', '+*2345'],
    ['+1234', '+*234'],
    ['+12', '+*2'],
    ['+1', '+*1'],
    ['+', '+*'],
    ['14155550100', '*******0100'],
    ['123', '*23'],
    ['', '*'],
  ])('phone %j is %j', (phone, masked) => {
    expect(maskPhone(phone)).toBe(masked);
  });
});
