const maskName = (name: string): string => (name.length > 4 ? `${name.slice(0, 2)}***` : '***');

const maskEmail = (email: string): string => {
  const at = email.lastIndexOf('@');
  const local = email.slice(0, at);
  return `${local.length > 2 ? local.slice(0, 2).replace(/\*/g, '') : ''}***${email.slice(at)}`;
};

const maskPhone = (phone: string): string => {
  let keep = 4;
  const chars = [...phone].reverse().map((char) => {
    if (!/\d/.test(char)) return char;
    keep -= 1;
    return keep >= 0 ? char : '*';
  });
  return chars.reverse().join('');
};

export function maskLoginId(value: string): string {
  if (value.includes('@')) return maskEmail(value);
  if (/^\+?[\d\s().*-]+$/.test(value) && (value.match(/[\d*]/g)?.length ?? 0) >= 6) return maskPhone(value);
  return maskName(value);
}
