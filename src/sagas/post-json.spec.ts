import { createServer, IncomingMessage, Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { postJson } from './post-json';

describe('postJson', () => {
  let server: Server;
  let url: string;
  const received: Array<{ headers: IncomingMessage['headers']; body: string; socket: unknown }> = [];
  let answer: (path: string) => number | 'hang' = () => 204;

  beforeAll(async () => {
    server = createServer((request, response) => {
      let body = '';
      request.on('data', (chunk: Buffer) => (body += chunk.toString()));
      request.on('end', () => {
        received.push({ headers: request.headers, body, socket: request.socket });
        const status = answer(request.url ?? '');
        if (status !== 'hang') response.writeHead(status).end('ignored body');
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  it('POSTs the JSON body with its headers and resolves with the status, reusing the connection', async () => {
    received.length = 0;
    answer = (path) => (path === '/gone' ? 410 : path === '/moved' ? 302 : 200);
    expect(await postJson(`${url}/hook`, '{"a":"ü"}', { 'idempotency-key': 'k-1' }, 1_000)).toBe(200);
    expect(await postJson(`${url}/gone`, '{}', {}, 1_000)).toBe(410);
    expect(await postJson(`${url}/moved`, '{}', {}, 1_000)).toBe(302);
    expect(received[0]).toMatchObject({ body: '{"a":"ü"}', headers: { 'content-type': 'application/json', 'content-length': '10', 'idempotency-key': 'k-1' } });
    expect(received[1].socket).toBe(received[0].socket);
  });

  it('rejects when no answer comes in time, on a refused connection, and for a URL that is not http(s)', async () => {
    answer = () => 'hang';
    await expect(postJson(`${url}/slow`, '{}', {}, 100)).rejects.toThrow(/within 100 ms/);
    await expect(postJson('http://127.0.0.1:1/closed', '{}', {}, 1_000)).rejects.toThrow(/ECONNREFUSED/);
    await expect(postJson('ftp://example.com/x', '{}', {}, 1_000)).rejects.toThrow(/ftp/);
  });
});
