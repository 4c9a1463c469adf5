/** Why an uploaded activity file was refused. The API maps these to HTTP statuses (415, 413, 400/422). */
export type ActivityImportErrorCode =
  | 'unsupported_media_type'
  | 'malformed_file'
  | 'empty_activity'
  | 'too_large'
  | 'too_many_points';

export const ACTIVITY_IMPORT_ERROR_CODES: readonly ActivityImportErrorCode[] = [
  'unsupported_media_type',
  'malformed_file',
  'empty_activity',
  'too_large',
  'too_many_points',
];

/** An activity file could not be imported; `message` says what is wrong in words a user can act on. */
export class ActivityImportError extends Error {
  override readonly name = 'ActivityImportError';
  constructor(
    readonly code: ActivityImportErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}
