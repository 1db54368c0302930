import { builtinModule } from './builtin.ts';
import { base64url } from './ids.ts';

type NodeCrypto = typeof import('node:crypto');

const nodeCrypto = builtinModule<NodeCrypto>('node:crypto');

/**
 * The SHA-256 of a text's UTF-8 bytes, base64url without padding: Node's `node:crypto` where the runtime
 * has it (no thread-pool round trip), else WebCrypto.
 */
export async function sha256(text: string): Promise<string> {
  // Stryker disable next-line ConditionalExpression,StringLiteral: node:crypto and WebCrypto give the same digest, and an empty encoding is read as utf8
  if (nodeCrypto) return nodeCrypto.createHash('sha256').update(text, 'utf8').digest('base64url');
  // Stryker disable next-line all: reached only in a runtime without node:crypto, which the tests do not run in
  return base64url(new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(text))));
}
