export * from './activity-import-error';
export * from './content-types';
export * from './limits';
export * from './parse-activity-file';
export * from './parsed-activity';
export * from './upload-checks';
export * from './parser-pool/parser-pool-errors';
