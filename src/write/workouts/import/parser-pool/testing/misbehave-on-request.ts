import { parentPort } from 'node:worker_threads';
import type { ParseRequest } from '../parser-messages';

// See misbehaving-parser-worker.ts. A file whose text is exactly "hang" is never answered (a
// parse stuck in a loop), "exit" ends the thread with code 7, "throw" throws an uncaught error.
parentPort?.on('message', ({ bytes }: ParseRequest) => {
  const text = Buffer.from(bytes).toString();
  if (text === 'hang') for (;;);
  if (text === 'exit') process.exit(7);
  if (text === 'throw') throw new Error('the test worker broke');
});
