import { createServer, IncomingMessage, Server, ServerResponse } from 'node:http';

export interface Delivery {
  key: string;
  attempt: string | undefined;
  body: Record<string, unknown>;
  status: number;
}

type Behaviour = (delivery: Omit<Delivery, 'status'>, request: IncomingMessage) => number | 'hang';

/**
 * A push endpoint for tests: records every delivery with its Idempotency-Key and answers what
 * the current behaviour says (a status, or never). `accepted` counts 2xx answers per key: the
 * endpoint's own dedup view.
 */
export async function startWebhookServer() {
  const deliveries: Delivery[] = [];
  const hanging = new Set<ServerResponse>();
  let behaviour: Behaviour = () => 200;
  const server: Server = createServer((request, response) => {
    let raw = '';
    request.on('data', (chunk: Buffer) => (raw += chunk.toString()));
    request.on('end', () => {
      const delivery = { key: String(request.headers['idempotency-key'] ?? ''), attempt: request.headers['x-delivery-attempt'] as string | undefined, body: JSON.parse(raw || '{}') as Record<string, unknown> };
      const answer = behaviour(delivery, request);
      if (answer === 'hang') {
        hanging.add(response);
        deliveries.push({ ...delivery, status: 0 });
        return;
      }
      deliveries.push({ ...delivery, status: answer });
      response.writeHead(answer).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    url: `http://127.0.0.1:${port}/push`,
    deliveries,
    behave(next: Behaviour) {
      behaviour = next;
    },
    accepted(kind?: string) {
      const keys = new Map<string, number>();
      for (const d of deliveries) if (d.status >= 200 && d.status < 300 && (!kind || d.body.kind === kind)) keys.set(d.key, (keys.get(d.key) ?? 0) + 1);
      return keys;
    },
    async stop() {
      for (const response of hanging) response.destroy();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
