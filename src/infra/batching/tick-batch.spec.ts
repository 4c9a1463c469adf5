import { TickBatch } from './tick-batch';

const nextTick = () => new Promise((resolve) => setImmediate(resolve));

describe('TickBatch', () => {
  it('hands everything added in one tick to one flush, on the next tick', async () => {
    const flushed: number[][] = [];
    const batch = new TickBatch<number>((items) => flushed.push(items));
    batch.add(1);
    batch.add(2);
    expect(flushed).toEqual([]);
    await nextTick();
    batch.add(3);
    await nextTick();
    expect(flushed).toEqual([[1, 2], [3]]);
  });

  it('flushes at once when asked, and then has nothing left for the scheduled flush', async () => {
    const flushed: number[][] = [];
    const batch = new TickBatch<number>((items) => flushed.push(items));
    batch.add(1);
    batch.flushNow();
    await nextTick();
    expect(flushed).toEqual([[1]]);
  });

  it('gives up its items without flushing them when taken', async () => {
    const flushed: number[][] = [];
    const batch = new TickBatch<number>((items) => flushed.push(items));
    batch.add(1);
    expect(batch.size).toBe(1);
    expect(batch.take()).toEqual([1]);
    expect(batch.size).toBe(0);
    await nextTick();
    expect(flushed).toEqual([]);
  });
});
