/** A code the server did not send: any code but `code` itself. */
export const wrongCode = (code: string | undefined): string => (code === '000000' ? '111111' : '000000');
