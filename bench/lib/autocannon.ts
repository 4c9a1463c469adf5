/**
 * The little of autocannon's programmatic API (v9, node_modules/autocannon/README.md) the HTTP
 * benchmarks use; the package ships no types.
 */

export interface AutocannonRequest {
  method?: string;
  path?: string;
  headers?: Record<string, string>;
  body?: string | Buffer;
  setupRequest?: (request: AutocannonRequest & { headers: Record<string, string> }, context: object) => AutocannonRequest | undefined;
}

export interface AutocannonClient {
  setRequests(requests: AutocannonRequest[]): void;
}

export interface Histogram {
  average: number;
  mean: number;
  stddev: number;
  min: number;
  max: number;
  p50: number;
  p90: number;
  p97_5: number;
  p99: number;
  p99_9: number;
}

export interface AutocannonResult {
  duration: number;
  requests: Histogram & { total: number; sent: number };
  latency: Histogram;
  errors: number;
  timeouts: number;
  non2xx: number;
  mismatches: number;
  resets: number;
  '2xx': number;
  statusCodeStats: Record<string, { count: number }>;
}

export interface AutocannonOptions {
  url: string;
  connections: number;
  duration: number;
  pipelining?: number;
  timeout?: number;
  method?: string;
  headers?: Record<string, string>;
  body?: string;
  requests?: AutocannonRequest[];
  setupClient?: (client: AutocannonClient) => void;
}

export interface AutocannonInstance extends PromiseLike<AutocannonResult> {
  on(event: 'response', listener: (client: AutocannonClient, statusCode: number, resBytes: number, responseTime: number) => void): this;
  on(event: 'reqError', listener: (error: Error) => void): this;
  stop(): void;
}

type Autocannon = (options: AutocannonOptions) => AutocannonInstance;

// autocannon is a devDependency: required at run time only, so the product build does not need it.
// eslint-disable-next-line @typescript-eslint/no-require-imports
export const autocannon = require('autocannon') as Autocannon;

export function autocannonVersion(): string {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return (require('autocannon/package.json') as { version: string }).version;
}
