const addresses = new WeakMap<Request, string>();

/** Records the socket's address of a request that `toNodeListener` made. */
export const rememberAddress = (request: Request, address: string | undefined) => {
  if (typeof address === 'string' && address !== '') addresses.set(request, address);
};

/**
 * The default `clientIp` of `createOtpHandler`: the socket's remote address of a request `toNodeListener`
 * made, and undefined for any other request. No header is read.
 */
export const socketAddress = (request: Request): string | undefined => addresses.get(request);
