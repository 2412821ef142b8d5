/** One block of an event stream: an event with its data, or a comment (a heartbeat). */
export type SseMessage = { kind: 'event'; event: string; data: string } | { kind: 'comment' };

/**
 * The messages of a `text/event-stream` body, as the HTML standard splits them: blocks end at a
 * blank line, `data:` lines join with newlines, lines starting with `:` are comments, the event
 * name defaults to `message`. Ends when the body ends or its reader is aborted.
 */
export async function* readEventStream(
  body: ReadableStream<Uint8Array>,
): AsyncGenerator<SseMessage> {
  const decoder = new TextDecoder();
  let buffer = '';
  for await (const chunk of body) {
    buffer += decoder.decode(chunk, { stream: true });
    for (;;) {
      const end = /\r\n\r\n|\n\n|\r\r/.exec(buffer);
      if (!end) break;
      const block = buffer.slice(0, end.index);
      buffer = buffer.slice(end.index + end[0].length);
      const message = parseBlock(block);
      if (message) yield message;
    }
  }
}

function parseBlock(block: string): SseMessage | null {
  let event = 'message';
  const data: string[] = [];
  let comment = false;
  for (const line of block.split(/\r\n|\r|\n/)) {
    if (line.startsWith(':')) {
      comment = true;
      continue;
    }
    const colon = line.indexOf(':');
    const field = colon < 0 ? line : line.slice(0, colon);
    const value = colon < 0 ? '' : line.slice(colon + 1).replace(/^ /, '');
    if (field === 'event') event = value;
    else if (field === 'data') data.push(value);
  }
  if (data.length > 0) return { kind: 'event', event, data: data.join('\n') };
  return comment ? { kind: 'comment' } : null;
}
