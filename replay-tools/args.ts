/** Bad command-line usage: the CLI prints the message and a hint, and exits with code 2. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
  constructor(
    message: string,
    /** The command whose `--help` to point at, when known. */
    readonly command?: string,
  ) {
    super(message);
  }
}

/** A failure the command foresaw (missing stream, mismatch): the CLI prints the message and exits with code 1. */
export class CommandFailure extends Error {
  override readonly name = 'CommandFailure';
}

export interface ArgSpec {
  /** `--name`: present or not. */
  flags?: readonly string[];
  /** `--name value` or `--name=value`, at most once. */
  values?: readonly string[];
  /** `--name value`, repeatable. */
  lists?: readonly string[];
}

export interface ParsedArgs {
  positionals: string[];
  flag(name: string): boolean;
  value(name: string): string | undefined;
  list(name: string): string[];
}

export function wantsHelp(args: readonly string[]): boolean {
  for (const arg of args) {
    if (arg === '--') return false;
    if (arg === '--help' || arg === '-h') return true;
  }
  return false;
}

/** A small getopt: long options only, `--` ends them, anything else is a positional. */
export function parseArgs(command: string, args: readonly string[], spec: ArgSpec): ParsedArgs {
  const flags = new Set<string>();
  const values = new Map<string, string>();
  const lists = new Map<string, string[]>();
  const positionals: string[] = [];
  const kindOf = (name: string): 'flag' | 'value' | 'list' | undefined =>
    spec.flags?.includes(name) ? 'flag' : spec.values?.includes(name) ? 'value' : spec.lists?.includes(name) ? 'list' : undefined;

  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    if (arg === '--') {
      positionals.push(...args.slice(i + 1));
      break;
    }
    if (!arg.startsWith('--')) {
      if (arg.startsWith('-') && arg.length > 1 && !/^-\d/.test(arg)) throw new UsageError(`unknown option "${arg}"`, command);
      positionals.push(arg);
      continue;
    }
    const equals = arg.indexOf('=');
    const name = arg.slice(2, equals < 0 ? undefined : equals);
    const kind = kindOf(name);
    if (!kind) throw new UsageError(`unknown option "--${name}"`, command);
    if (kind === 'flag') {
      if (equals >= 0) throw new UsageError(`--${name} takes no value`, command);
      flags.add(name);
      continue;
    }
    let value: string;
    if (equals >= 0) {
      value = arg.slice(equals + 1);
    } else {
      const next = args[i + 1];
      if (next === undefined || (next.startsWith('--') && next.length > 2)) throw new UsageError(`--${name} needs a value`, command);
      value = next;
      i++;
    }
    if (kind === 'value') {
      if (values.has(name)) throw new UsageError(`--${name} given more than once`, command);
      values.set(name, value);
    } else {
      lists.set(name, [...(lists.get(name) ?? []), value]);
    }
  }
  return {
    positionals,
    flag: (name) => flags.has(name),
    value: (name) => values.get(name),
    list: (name) => lists.get(name) ?? [],
  };
}

export function expectPositionals(command: string, parsed: ParsedArgs, names: readonly string[]): string[] {
  if (parsed.positionals.length < names.length) {
    throw new UsageError(`missing <${names[parsed.positionals.length]}>`, command);
  }
  if (parsed.positionals.length > names.length) {
    throw new UsageError(`unexpected argument "${parsed.positionals[names.length]}"`, command);
  }
  return parsed.positionals;
}

export function positiveInteger(command: string, option: string, raw: string | undefined): number | undefined {
  if (raw === undefined) return undefined;
  const value = Number(raw);
  if (!/^\d+$/.test(raw) || !Number.isSafeInteger(value) || value < 1) {
    throw new UsageError(`--${option} must be a positive integer, got "${raw}"`, command);
  }
  return value;
}

export function nonNegativeBigInt(command: string, option: string, raw: string | undefined): bigint | undefined {
  if (raw === undefined) return undefined;
  if (!/^\d+$/.test(raw)) throw new UsageError(`--${option} must be a non-negative integer, got "${raw}"`, command);
  return BigInt(raw);
}
