/** What kind of rule a command broke; the API maps each kind to one HTTP status. */
export type DomainErrorKind = 'invalid' | 'unauthorized' | 'forbidden' | 'not_found' | 'conflict' | 'rule_violated';

export interface ErrorDetail {
  field?: string;
  message: string;
  [key: string]: unknown;
}

/** A command was refused by the domain. Deciders throw these; they never reach the store. */
export class DomainError extends Error {
  override readonly name = 'DomainError';
  constructor(
    readonly kind: DomainErrorKind,
    readonly code: string,
    message: string,
    readonly details: readonly ErrorDetail[] = [],
  ) {
    super(message);
  }
}

export const notFound = (what: string) => new DomainError('not_found', 'not_found', `${what} was not found`);
export const forbidden = (message: string) => new DomainError('forbidden', 'forbidden', message);
export const conflict = (code: string, message: string) => new DomainError('conflict', code, message);
export const ruleViolated = (code: string, message: string, details: readonly ErrorDetail[] = []) =>
  new DomainError('rule_violated', code, message, details);
