/**
 * Lets a child `node` process run the TypeScript sources directly (`node -r ./register-ts.js
 * src/cli/index.ts`), compiled by swc as jest does, so process tests never depend on a stale dist/.
 */
const fs = require('node:fs');
const { transformSync } = require('@swc/core');

require.extensions['.ts'] = (module, filename) => {
  const { code } = transformSync(fs.readFileSync(filename, 'utf8'), {
    filename,
    jsc: { target: 'es2022', parser: { syntax: 'typescript' } },
    module: { type: 'commonjs' },
  });
  module._compile(code, filename);
};
