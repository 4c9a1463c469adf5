import { ActivityImportError, type ActivityImportErrorCode } from '../activity-import-error';
import type { PackedActivity } from './packed-activity';

/** Pool to thread: one file. `bytes` is transferred, so the thread owns it. */
export interface ParseRequest {
  bytes: Uint8Array;
  contentType: string;
}

/** Thread to pool: what became of the file. */
export type ParseReply =
  | { outcome: 'parsed'; activity: PackedActivity }
  /** The file was refused: an ActivityImportError, field by field. */
  | { outcome: 'refused'; code: ActivityImportErrorCode; message: string; cause?: unknown }
  /** Anything else thrown by the parser: a bug, not the file's fault. */
  | { outcome: 'failed'; name: string; message: string; stack?: string };

export function replyToError(error: unknown): ParseReply {
  if (error instanceof ActivityImportError) {
    const refused: ParseReply = { outcome: 'refused', code: error.code, message: error.message };
    return 'cause' in error ? { ...refused, cause: error.cause } : refused;
  }
  if (error instanceof Error) return { outcome: 'failed', name: error.name, message: error.message, stack: error.stack };
  return { outcome: 'failed', name: 'Error', message: String(error) };
}

/** The error the parser threw, rebuilt on this side of the thread boundary. */
export function errorFromReply(reply: Exclude<ParseReply, { outcome: 'parsed' }>): Error {
  if (reply.outcome === 'refused') {
    return new ActivityImportError(reply.code, reply.message, 'cause' in reply ? { cause: reply.cause } : undefined);
  }
  const error = new Error(reply.message);
  error.name = reply.name;
  if (reply.stack !== undefined) error.stack = reply.stack;
  return error;
}
