/** Families of invalid requests; each one names where the defect lives. */
export type FuzzFamily =
  | 'schema'
  | 'duplicate-key'
  | 'invalid-utf8'
  | 'non-json'
  | 'truncated-json'
  | 'not-an-object'
  | 'media-type'
  | 'empty-body'
  | 'random-bytes'
  | 'huge'
  | 'too-large'
  | 'deep-nesting';

/** One invalid request for `POST /v1/chat/completions`; every case must be answered with a 4xx. */
export interface FuzzCase {
  /** Position in the generated sequence, so a report can name the case to replay. */
  index: number;
  name: string;
  family: FuzzFamily;
  bytes: Buffer;
  /** The Content-Type header to send; undefined sends none. */
  contentType: string | undefined;
  expect: '4xx';
  /** The exact status the reference server answers with, where the contract fixes it (413, 415). */
  wantStatus?: number;
}

/** A top-level field of the request and the value to give it; `undefined` removes the field. */
export interface FieldDefect {
  name: string;
  key: string;
  value: unknown;
}
