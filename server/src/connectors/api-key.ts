// Connector API keys are stored as SHA-256 digests: a leaked table does not leak working keys,
// and a lookup stays one indexed equality (keys are long random strings, so no slow hash is needed).
import { createHash } from 'node:crypto';

export function hashApiKey(key: string): string {
  return createHash('sha256').update(key, 'utf8').digest('hex');
}
