/** A code the server did not send: any code but `code` itself. */
export const wrongCode = (code: string | undefined): string => (code === '000000' ? '111111' : '000000');

/** Whether `text` holds `secret`; a code counts only where it is not part of a longer number. */
export const holds = (text: string, secret: string): boolean =>
  /^\d+$/.test(secret) ? new RegExp(`(?<![0-9])${secret}(?![0-9])`).test(text) : text.includes(secret);
