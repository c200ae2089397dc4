/**
 * Server-Sent Events read from a fetch response body, as the HTML standard's parser does
 * (fields `event`, `data`, `id`, `retry`; comments; CR, LF or CRLF line ends). EventSource
 * cannot send an Authorization header; fetch can, so the stream is parsed here.
 * @see https://html.spec.whatwg.org/multipage/server-sent-events.html#event-stream-interpretation
 */

/**
 * Calls `onEvent({ event, data, id })` for each event of `body` (a ReadableStream of bytes)
 * and `onRetry(ms)` for each `retry:` field; resolves when the body ends.
 */
export async function readEventStream(body, { onEvent, onRetry = () => {} }) {
  const reader = body.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = '';
  let event = { type: '', data: [], id: undefined };
  let first = true;
  const dispatch = () => {
    if (event.data.length > 0) onEvent({ event: event.type || 'message', data: event.data.join('\n'), id: event.id });
    event = { type: '', data: [], id: undefined };
  };
  const line = (text) => {
    if (text === '') return dispatch();
    if (text.startsWith(':')) return;
    const colon = text.indexOf(':');
    const field = colon === -1 ? text : text.slice(0, colon);
    let value = colon === -1 ? '' : text.slice(colon + 1);
    if (value.startsWith(' ')) value = value.slice(1);
    if (field === 'event') event.type = value;
    else if (field === 'data') event.data.push(value);
    else if (field === 'id' && !value.includes('\0')) event.id = value;
    else if (field === 'retry' && /^\d+$/.test(value)) onRetry(Number(value));
  };
  for (;;) {
    const { value, done } = await reader.read();
    if (done) break;
    buffer += value;
    if (first && buffer.length > 0) {
      if (buffer.charCodeAt(0) === 0xfeff) buffer = buffer.slice(1);
      first = false;
    }
    // A CR at the very end may be the first half of a CRLF: keep it for the next chunk.
    const pattern = /\r\n|\r(?!$)|\n/g;
    let start = 0;
    for (let match = pattern.exec(buffer); match; match = pattern.exec(buffer)) {
      line(buffer.slice(start, match.index));
      start = match.index + match[0].length;
    }
    buffer = buffer.slice(start);
  }
  // An event not ended by a blank line is dropped, as the standard says.
}
