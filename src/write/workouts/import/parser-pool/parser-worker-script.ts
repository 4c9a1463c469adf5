import { extname, join } from 'node:path';

export interface WorkerScript {
  filename: string;
  /** Node options for the thread; `undefined` inherits the process's. */
  execArgv: string[] | undefined;
}

/**
 * The parser thread's entry file, beside this one and with this file's extension: `.js` when the
 * application runs compiled (dist/), `.ts` when it runs from its sources (jest, ts-register).
 * Node cannot load `.ts` by itself, so then the thread preloads a small swc hook.
 */
export function parserWorkerScript(): WorkerScript {
  const extension = extname(__filename);
  return {
    filename: join(__dirname, `parser-worker${extension}`),
    execArgv: extension === '.ts' ? ['--require', join(__dirname, 'typescript-register.cjs')] : undefined,
  };
}
