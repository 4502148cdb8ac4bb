/** One line of an event stream as received, without its terminator. */
export interface SseLine {
  /** 0-based position in the stream. */
  index: number;
  text: string;
  /** How the line ended; '' when the stream ended in the middle of it. */
  terminator: '\n' | '\r\n' | '\r' | '';
}

/**
 * Layer 1 of stream decoding: bytes → lines. Handles CR, LF and CRLF (also when CR and LF arrive in
 * different chunks) and UTF-8 sequences split across chunks.
 * @see https://html.spec.whatwg.org/multipage/server-sent-events.html#parsing-an-event-stream
 */
export class LineSplitter {
  // Whole sequences are decoded without `stream: true`, which takes the decoder's fast path; the
  // byte order mark is dropped here, once, so a later chunk's leading U+FEFF stays text.
  private readonly decoder = new TextDecoder('utf-8', { ignoreBOM: true });
  private carry: Uint8Array | undefined;
  private started = false;
  private pending = '';
  private pendingCr = false;
  private count = 0;

  /** Feeds bytes (or already-decoded text) and returns the lines they complete. */
  push(chunk: Uint8Array | string): SseLine[] {
    const text = typeof chunk === 'string' ? chunk : this.decode(chunk);
    return this.split(text, false);
  }

  /** Ends the stream: returns the last, unterminated line if any. */
  end(): SseLine[] {
    // An incomplete sequence at the very end decodes to U+FFFD, as a streaming decoder's flush does.
    const rest = this.carry ? this.decoder.decode(this.carry) : '';
    this.carry = undefined;
    return this.split(rest, true);
  }

  private decode(chunk: Uint8Array): string {
    let bytes = chunk;
    if (this.carry) {
      bytes = new Uint8Array(this.carry.length + chunk.length);
      bytes.set(this.carry);
      bytes.set(chunk, this.carry.length);
      this.carry = undefined;
    }
    if (!this.started && bytes.length > 0) {
      if (bytes.length < 3 && bytes[0] === 0xef && (bytes.length < 2 || bytes[1] === 0xbb)) {
        this.carry = bytes.slice();
        return '';
      }
      this.started = true;
      if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) bytes = bytes.subarray(3);
    }
    const end = completeEnd(bytes);
    if (end < bytes.length) this.carry = bytes.slice(end);
    return this.decoder.decode(bytes.subarray(0, end));
  }

  private split(text: string, final: boolean): SseLine[] {
    const out: SseLine[] = [];
    let start = 0;
    let i = 0;
    if (this.pendingCr && text.length > 0) {
      // The previous chunk ended with CR: a leading LF belongs to the same terminator.
      this.pendingCr = false;
      if (text[0] === '\n') {
        const last = out.length > 0 ? out[out.length - 1] : this.lastEmitted;
        if (last) last.terminator = '\r\n';
        start = i = 1;
      }
    }
    // indexOf scans natively; a CR is rare, so its position is looked up again only once passed.
    let cr = text.indexOf('\r', i);
    let lf = text.indexOf('\n', i);
    while (cr >= 0 || lf >= 0) {
      if (cr >= 0 && cr < i) cr = text.indexOf('\r', i);
      if (lf >= 0 && lf < i) lf = text.indexOf('\n', i);
      if (cr < 0 && lf < 0) break;
      i = cr < 0 ? lf : lf < 0 ? cr : Math.min(cr, lf);
      const line = this.pending === '' ? text.slice(start, i) : this.pending + text.slice(start, i);
      this.pending = '';
      let terminator: SseLine['terminator'] = i === lf ? '\n' : '\r';
      if (i === cr) {
        if (i + 1 < text.length) {
          if (text.charCodeAt(i + 1) === 10) {
            terminator = '\r\n';
            i++;
          }
        } else {
          this.pendingCr = true;
        }
      }
      const emitted: SseLine = { index: this.count++, text: line, terminator };
      out.push(emitted);
      this.lastEmitted = emitted;
      start = i = i + 1;
    }
    this.pending += text.slice(start);
    if (final) {
      this.pendingCr = false;
      if (this.pending.length > 0) {
        out.push({ index: this.count++, text: this.pending, terminator: '' });
        this.pending = '';
      }
    }
    return out;
  }

  private lastEmitted: SseLine | undefined;
}

/** Length of `bytes` without a trailing UTF-8 sequence that the next chunk completes. */
function completeEnd(bytes: Uint8Array): number {
  const n = bytes.length;
  // A sequence is at most 4 bytes: look back to the last lead byte among the final 3.
  for (let i = n - 1; i >= 0 && i >= n - 3; i--) {
    const b = bytes[i]!;
    if ((b & 0xc0) === 0x80) continue;
    const size = b >= 0xf0 ? (b <= 0xf4 ? 4 : 1) : b >= 0xe0 ? 3 : b >= 0xc2 ? 2 : 1;
    return size > n - i ? i : n;
  }
  return n;
}
