/** Jest 30 in CJS mode; swc transforms TypeScript and the ESM-only packages msw and openapi-backend pull in. */
const esmOnly = [
  'rettime',
  'until-async',
  '@open-draft/deferred-promise',
  '@apidevtools/json-schema-ref-parser',
];
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  transform: {
    '^.+\\.(t|j|mj)sx?$': [
      '@swc/jest',
      { jsc: { target: 'es2022', parser: { syntax: 'typescript' } }, module: { type: 'commonjs' } },
    ],
  },
  transformIgnorePatterns: [`/node_modules/(?!(${esmOnly.join('|')})/)`],
  testTimeout: 20000,
};
