/**
 * The toolkit checks are written with: which exchanges a rule judges, the decoded chunks, the one
 * findings loop with its cap, the failure signals of a stream and the document rules.
 * @example
 * run(run) {
 *   return eachExchange(sequenceExchanges(run), NOT_SUCCESS_STREAM, (exchange, log) => {
 *     for (const c of chunkEvents(exchange.response.sse)) if (!c.json.id) log.at(c, 'no id');
 *   });
 * }
 */

export * from './answers';
export * from './chunks';
export * from './documents';
export * from './exchanges';
export * from './failure';
export * from './failureTrack';
export * from './findings';
export * from './located';
export * from './pacing';
export * from './passRunner';
export * from './singlePass';
