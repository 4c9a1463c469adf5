import { spawnSync } from 'node:child_process';
import { startRedis } from './redis-server';

describe('the test Redis server', () => {
  it('starts on a free port, answers, and is gone after stop', async () => {
    const redis = await startRedis();
    expect(spawnSync('redis-cli', ['-p', String(redis.port), 'ping'], { encoding: 'utf8' }).stdout.trim()).toBe('PONG');
    await redis.stop();
    expect(spawnSync('redis-cli', ['-p', String(redis.port), 'ping'], { encoding: 'utf8' }).stdout.trim()).not.toBe('PONG');
  });
});
