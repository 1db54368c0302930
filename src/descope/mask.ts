/** An email address as Descope's answers mask it: `al***@example.com` keeps one or two characters. */
export const maskEmail = (email: string): string => {
  const at = email.lastIndexOf('@');
  const local = at < 0 ? email : email.slice(0, at);
  const domain = at < 0 ? '' : email.slice(at);
  const keep = Math.min(2, Math.max(1, local.length - 1));
  return `${local.slice(0, keep)}${'*'.repeat(Math.max(1, local.length - keep))}${domain}`;
};

/** A phone number as Descope's answers mask it: `+*******0100` keeps the last four digits. */
export const maskPhone = (phone: string): string => {
  const plus = phone.startsWith('+') ? '+' : '';
  const digits = phone.slice(plus.length);
  const keep = Math.min(4, Math.max(1, digits.length - 1));
  return `${plus}${'*'.repeat(Math.max(1, digits.length - keep))}${digits.slice(-keep)}`;
};
