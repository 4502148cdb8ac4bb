/** The contract: wire types, the spec loader, schema validators and the directive grammar. */
export * from './directives';
export { compileSchema, describeErrors } from './schemas';
export * from './spec';
export type * from './wire';
