import { extname, join } from 'node:path';

export interface WorkerScript {
  filename: string;
  /** Node options for the thread; `undefined` inherits the process's. */
  execArgv: string[] | undefined;
}

/**
 * A worker thread's entry file `name`, in `directory` and with the caller's extension (pass
 * `__filename`): `.js` when the application runs compiled (dist/), `.ts` when it runs from its
 * sources (jest, test/support/ts-register.js). Node cannot load `.ts` by itself, so then the
 * thread preloads a small swc hook (typescript-register.cjs, a development-time dependency only).
 */
export function workerScript(directory: string, name: string, callerFile: string): WorkerScript {
  const extension = extname(callerFile);
  return {
    filename: join(directory, `${name}${extension}`),
    execArgv: extension === '.ts' ? ['--require', join(__dirname, 'typescript-register.cjs')] : undefined,
  };
}
