import { once } from 'node:events';
import { createServer, type Server, type ServerResponse } from 'node:http';
import { connect, type AddressInfo, type Socket } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterEach, describe, expect, it } from 'vitest';
import { SseStream, type SseStreamOptions } from '../../services/api/live/sse-stream';
import { openSse } from '../helpers/sse-client';

let server: Server | undefined;
const sockets: Socket[] = [];

afterEach(async () => {
  sockets.splice(0).forEach((socket) => socket.destroy());
  server?.closeAllConnections();
  if (server) await new Promise((resolve) => server!.close(resolve));
  server = undefined;
});

/** A server whose every response becomes an SseStream handed to `use`. */
async function serve(options: SseStreamOptions, use: (stream: SseStream, response: ServerResponse) => void) {
  server = createServer((_request, response) => {
    const stream = new SseStream(response, options);
    stream.start();
    use(stream, response);
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

/** A client that sends the request and then reads nothing, as a stalled browser. */
async function stalledClient(url: string): Promise<Socket> {
  const { port } = new URL(url);
  const socket = connect(Number(port), '127.0.0.1');
  sockets.push(socket);
  await once(socket, 'connect');
  socket.write('GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: text/event-stream\r\n\r\n');
  socket.pause();
  return socket;
}

describe('SseStream', () => {
  it('sends events, heartbeat comments, and ends', async () => {
    const url = await serve({ heartbeatMs: 50 }, (stream) => {
      stream.send({ event: 'operation', id: 'a', data: '{"n":1}' });
      setTimeout(() => {
        stream.send({ event: 'operation', id: 'b', data: '{"n":2}' });
        stream.end();
      }, 180);
    });
    const connection = await openSse(url);
    await connection.closed;
    expect(connection.messages.map((message) => [message.id, message.data])).toEqual([
      ['a', '{"n":1}'],
      ['b', '{"n":2}'],
    ]);
    expect(connection.comments.filter((comment) => comment === ' heartbeat').length).toBeGreaterThanOrEqual(2);
  });

  it('keeps only the newest unsent event for a slow client, then delivers it', async () => {
    const payload = 'x'.repeat(64 * 1024);
    let response: ServerResponse | undefined;
    let stream: SseStream | undefined;
    const url = await serve({ heartbeatMs: 60_000 }, (s, r) => {
      stream = s;
      response = r;
    });
    const socket = await stalledClient(url);
    while (!stream) await sleep(10);
    let peak = 0;
    for (let i = 0; i < 500; i++) {
      stream.send({ event: 'operation', id: String(i), data: `{"i":${i},"pad":"${payload}"}` });
      peak = Math.max(peak, response!.writableLength);
    }
    // Bounded by the stream's high-water mark plus one event, however many were sent.
    expect(peak).toBeLessThan(response!.writableHighWaterMark + 2 * (payload.length + 100));

    let received = '';
    socket.setEncoding('utf8');
    socket.on('data', (chunk: string) => (received += chunk));
    socket.resume();
    const deadline = Date.now() + 5000;
    while (!received.includes('id: 499\n') && Date.now() < deadline) await sleep(20);
    expect(received).toContain('id: 499\n');
    // Superseded events were never queued.
    expect(received.split('event: operation').length - 1).toBeLessThan(100);
  });

  it('drops a client that takes nothing for two heartbeats, and reports the close once', async () => {
    let closes = 0;
    let stream: SseStream | undefined;
    const url = await serve({ heartbeatMs: 100, onClose: () => closes++ }, (s) => (stream = s));
    await stalledClient(url);
    while (!stream) await sleep(10);
    // Sent over time, so that the kernel's socket buffers fill up first.
    const payload = 'y'.repeat(256 * 1024);
    const deadline = Date.now() + 10_000;
    for (let i = 0; stream.open && Date.now() < deadline; i++) {
      stream.send({ event: 'operation', id: String(i), data: payload });
      await sleep(10);
    }
    expect(stream.open).toBe(false);
    stream.end();
    stream.send({ event: 'operation', id: 'late', data: '{}' });
    expect(closes).toBe(1);
  });
});
