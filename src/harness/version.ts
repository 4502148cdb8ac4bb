import { readFileSync } from 'node:fs';
import path from 'node:path';

let cached: string | undefined;

/**
 * The chat-contract version, from package.json (the one place it is read; src/harness and
 * dist/harness sit at the same depth).
 */
export function toolVersion(): string {
  if (cached === undefined) {
    const file = path.resolve(__dirname, '..', '..', 'package.json');
    cached = (JSON.parse(readFileSync(file, 'utf8')) as { version: string }).version;
  }
  return cached;
}
