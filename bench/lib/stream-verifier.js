/**
 * Checks one streamed reply as it arrives: a role chunk, exactly N content chunks, a finish chunk
 * with an empty delta, then `data: [DONE]` and nothing after. Cheap on purpose (one JSON.parse per
 * event), since it runs in the load client next to the server on the same cores.
 */
class StreamVerifier {
  /** @param {number} expected content chunks the request asked for */
  constructor(expected) {
    this.expected = expected;
    this.pending = '';
    this.events = 0;
    this.role = false;
    this.content = 0;
    this.finish = false;
    this.done = false;
    this.id = undefined;
    this.problem = undefined;
  }

  /** Feeds decoded text; returns the number of events it completed. */
  push(text) {
    this.pending += text;
    let completed = 0;
    let at = this.pending.indexOf('\n\n');
    while (at >= 0) {
      this.event(this.pending.slice(0, at));
      completed++;
      this.pending = this.pending.slice(at + 2);
      at = this.pending.indexOf('\n\n');
    }
    return completed;
  }

  /** Whether the stream was complete and well ordered. */
  complete() {
    return (
      !this.problem &&
      this.role &&
      this.content === this.expected &&
      this.finish &&
      this.done &&
      !this.pending
    );
  }

  /** Why the stream is not complete, or undefined. */
  reason() {
    if (this.problem) return this.problem;
    if (!this.role) return 'no role chunk';
    if (this.content !== this.expected) return `content chunks ${this.content}/${this.expected}`;
    if (!this.finish) return 'no finish chunk';
    if (!this.done) return 'no [DONE]';
    if (this.pending) return 'bytes after [DONE]';
    return undefined;
  }

  fail(message) {
    if (!this.problem) this.problem = message;
  }

  event(text) {
    this.events++;
    if (text.startsWith(':')) return; // keep-alive comment
    if (!text.startsWith('data: ')) return this.fail(`not a data line: ${text.slice(0, 40)}`);
    if (this.done) return this.fail('event after [DONE]');
    const data = text.slice(6);
    if (data === '[DONE]') {
      if (!this.finish) this.fail('[DONE] before the finish chunk');
      this.done = true;
      return;
    }
    let chunk;
    try {
      chunk = JSON.parse(data);
    } catch {
      return this.fail(`invalid JSON: ${data.slice(0, 40)}`);
    }
    if (chunk.error) return this.fail(`error frame: ${JSON.stringify(chunk.error).slice(0, 80)}`);
    if (this.id === undefined) this.id = chunk.id;
    else if (chunk.id !== this.id) return this.fail('id changed');
    const choice = chunk.choices?.[0];
    if (!choice) return; // a usage chunk has no choices
    const delta = choice.delta ?? {};
    if (this.finish) return this.fail('chunk after the finish chunk');
    if (!this.role) {
      if (delta.role !== 'assistant') return this.fail('first chunk has no assistant role');
      this.role = true;
    } else if (delta.role !== undefined) return this.fail('role repeated');
    if (typeof delta.content === 'string' && delta.content !== '') this.content++;
    if (choice.finish_reason !== null && choice.finish_reason !== undefined) {
      if (Object.keys(delta).length !== 0) this.fail('finish chunk delta is not empty');
      this.finish = true;
    }
  }
}

module.exports = { StreamVerifier };
