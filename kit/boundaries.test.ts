// kit/ is what the gateway and the subgraphs both stand on; it may depend on neither, or the gateway
// would again be importing subgraph code through it.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const KIT = new URL('.', import.meta.url).pathname;
const IMPORT = /(?:from|import)\s*\(?\s*['"]([^'"]+)['"]/g;

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? sources(join(dir, entry.name)) : entry.name.endsWith('.ts') ? [join(dir, entry.name)] : [],
  );
}

describe('the kit', () => {
  it('imports nothing from gateway/ or subgraphs/', () => {
    const crossings = sources(KIT).flatMap((file) =>
      [...readFileSync(file, 'utf8').matchAll(IMPORT)]
        .map((match) => match[1]!)
        .filter((specifier) => /(^|\/)(gateway|subgraphs)\//.test(specifier))
        .map((specifier) => `${file.slice(KIT.length)} imports ${specifier}`),
    );
    expect(crossings).toEqual([]);
  });
});
