/** SSE encoding and layered decoding (bytes → lines → events). */
export * from './encode';
export * from './lines';
export * from './reader';
