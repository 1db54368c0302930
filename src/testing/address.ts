const MAX_EMAIL_LENGTH = 254;
const MAX_LOCAL_LENGTH = 64;
const localPart = /^[A-Za-z0-9!#$%&'*+/=?^_`{|}~.-]+$/;
const domainLabel = /^[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?$/;
const phoneNumber = /^\+[1-9]\d{6,14}$/;

/** Whether Descope would take `value` as an email address: `local@domain.tld`, no spaces, RFC lengths. */
export const isEmailAddress = (value: unknown): value is string => {
  if (typeof value !== 'string' || value.length > MAX_EMAIL_LENGTH) return false;
  const at = value.lastIndexOf('@');
  const local = value.slice(0, at);
  const labels = value.slice(at + 1).split('.');
  return (
    at > 0 &&
    local.length <= MAX_LOCAL_LENGTH &&
    localPart.test(local) &&
    !local.startsWith('.') &&
    !local.endsWith('.') &&
    !local.includes('..') &&
    labels.length > 1 &&
    labels.every((label) => domainLabel.test(label))
  );
};

/** Whether Descope would take `value` as a phone number: E.164: `+`, then 7 to 15 digits, the first not 0. */
export const isPhoneNumber = (value: unknown): value is string =>
  typeof value === 'string' && phoneNumber.test(value);
