/** The loopback host names the local inspector and its pages use. */
export const loopbackHosts: readonly string[] = ['127.0.0.1', 'localhost', '[::1]'];
