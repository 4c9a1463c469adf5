import { parentPort, type MessagePort } from 'node:worker_threads';
import { parseActivityFile } from '../parse-activity-file';
import { packActivity } from './packed-activity';
import { replyToError, type ParseReply, type ParseRequest } from './parser-messages';

// The entry of a parser thread (see ActivityParserPool): reads one file per message and answers
// with a ParseReply. It imports only the parsers, never the application.

const port = ownPort();

port.on('message', (request: ParseRequest) => {
  void reply(request);
});

async function reply({ bytes, contentType }: ParseRequest): Promise<void> {
  let answer: ParseReply;
  try {
    answer = { outcome: 'parsed', activity: packActivity(await parseActivityFile(bytes, contentType)) };
  } catch (error) {
    answer = replyToError(error);
  }
  try {
    port.postMessage(answer, answer.outcome === 'parsed' ? [answer.activity.points.buffer] : []);
  } catch (cloneError) {
    // A refusal's `cause` that cannot be cloned (an object holding a function...) is left behind.
    if (answer.outcome !== 'refused') throw cloneError;
    const { cause: _uncloneable, ...withoutCause } = answer;
    port.postMessage(withoutCause);
  }
}

function ownPort(): MessagePort {
  if (parentPort === null) throw new Error('parser-worker runs as a worker thread of ActivityParserPool');
  return parentPort;
}
