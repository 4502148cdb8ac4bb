/** SSE encoding and layered decoding (bytes → lines → events → what each event's data is). */
export * from './data';
export * from './encode';
export * from './lines';
export * from './reader';
