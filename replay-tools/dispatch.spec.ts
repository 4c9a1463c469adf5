import { dispatch } from './dispatch';
import { contextFor, Fixture, openFixture } from './testing';

describe('replay-tools dispatch', () => {
  let fixture: Fixture;
  beforeAll(() => {
    fixture = openFixture();
  });
  afterAll(() => fixture.close());

  it.each([
    [[], 'Usage: npm run replay'],
    [['frobnicate'], 'unknown command "frobnicate"; commands: rebuild, inspect, tail, stats'],
    [['inspect'], 'missing <stream>'],
    [['inspect', 'user-1', 'user-2'], 'unexpected argument "user-2"'],
    [['inspect', 'user-1', '--limit', 'ten'], '--limit must be a positive integer, got "ten"'],
    [['inspect', 'user-1', '--limit', '0'], '--limit must be a positive integer, got "0"'],
    [['inspect', 'user-1', '--from'], '--from needs a value'],
    [['inspect', 'user-1', '--from', '-3'], '--from must be a non-negative integer, got "-3"'],
    [['inspect', 'user-1', '--verbose'], 'unknown option "--verbose"'],
    [['inspect', 'user-1', '-v'], 'unknown option "-v"'],
    [['tail', '--from', 'yesterday'], '--from must be a non-negative integer, got "yesterday"'],
    [['tail', '--limit', '5', '--limit', '6'], '--limit given more than once'],
    [['tail', '--type', ''], '--type and --stream-prefix need a non-empty value'],
    [['tail', '--follow=yes'], '--follow takes no value'],
    [['stats', 'now'], 'unexpected argument "now"'],
    [['rebuild'], 'missing <projection>'],
    [['rebuild', 'nope'], 'unknown projection "nope"'],
    [['help', 'nope'], 'unknown command "nope"'],
  ])('exits 2 on bad usage: %j', async (argv, message) => {
    const context = contextFor(fixture);
    expect(await dispatch(argv, context)).toBe(2);
    expect(context.captured.err.join('\n')).toContain(message);
    expect(context.captured.out).toEqual([]);
  });

  it('points at the command help after a usage error', async () => {
    const context = contextFor(fixture);
    await dispatch(['tail', '--bogus'], context);
    expect(context.captured.err).toEqual(['error: unknown option "--bogus"', 'run "replay-tools tail --help" for its usage']);
  });

  it.each(['rebuild', 'inspect', 'tail', 'stats'])('prints the help of %s with --help (exit 0)', async (command) => {
    for (const argv of [[command, '--help'], [command, 'x', '-h'], ['help', command]]) {
      const context = contextFor(fixture);
      expect(await dispatch(argv, context)).toBe(0);
      expect(context.captured.out[0]).toMatch(new RegExp(`^Usage: replay-tools ${command}`));
    }
  });

  it('prints the list of commands with --help', async () => {
    const context = contextFor(fixture);
    expect(await dispatch(['--help'], context)).toBe(0);
    const text = context.captured.out.join('\n');
    for (const command of ['rebuild', 'inspect', 'tail', 'stats']) expect(text).toMatch(new RegExp(`^  ${command} +\\S`, 'm'));
  });

  it('treats what follows -- as positionals', async () => {
    const context = contextFor(fixture);
    expect(await dispatch(['inspect', '--', '--help'], context)).toBe(1);
    expect(context.captured.err.join('\n')).toContain('stream "--help" not found');
  });

  it('exits 1 with the message when the store fails', async () => {
    const broken = contextFor({
      ...fixture,
      store: {
        ...fixture.store,
        readAll: () => ({
          [Symbol.asyncIterator]: () => ({ next: () => Promise.reject(new Error('disk on fire')) }),
        }),
      },
    });
    expect(await dispatch(['stats'], broken)).toBe(1);
    expect(broken.captured.err).toEqual(['error: disk on fire']);
  });
});
