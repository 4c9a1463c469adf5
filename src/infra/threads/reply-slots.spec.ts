import { ReplySlots } from './reply-slots';

describe('ReplySlots', () => {
  it('hands back what waits for an id once, and nothing for an id that is not waiting', () => {
    const slots = new ReplySlots<string>();
    slots.add(1, 'first');
    slots.add(2, 'second');

    expect(slots.size).toBe(2);
    expect(slots.take(2)).toBe('second');
    expect(slots.take(2)).toBeUndefined();
    expect(slots.take(3)).toBeUndefined();
    expect(slots.size).toBe(1);
  });

  it('finds nothing for an id that no reply can have, and keeps its count', () => {
    const slots = new ReplySlots<string>();
    slots.add(1, 'a');

    expect([slots.take(0), slots.take(-64), slots.take(Number.NaN)]).toEqual([undefined, undefined, undefined]);
    expect(slots.size).toBe(1);
  });

  it('does not confuse an id with a waiting one that shares its slot', () => {
    const slots = new ReplySlots<string>();
    slots.add(1, 'old');

    expect(slots.take(1 + 64)).toBeUndefined();
    expect(slots.take(1)).toBe('old');
  });

  it('keeps a slow request while thousands of later ones come and go', () => {
    const slots = new ReplySlots<number>();
    slots.add(1, 1);
    const lost: number[] = [];
    for (let id = 2; id <= 10_000; id++) {
      slots.add(id, id);
      if (slots.take(id) !== id) lost.push(id);
    }

    expect(lost).toEqual([]);
    expect(slots.size).toBe(1);
    expect(slots.take(1)).toBe(1);
  });

  it('holds many requests in flight at once, past its first capacity', () => {
    const slots = new ReplySlots<number>();
    for (let id = 1; id <= 1_000; id++) slots.add(id, id * 10);

    expect(slots.size).toBe(1_000);
    for (let id = 1_000; id >= 1; id--) expect(slots.take(id)).toBe(id * 10);
    expect(slots.size).toBe(0);
  });

  it('hands over everything still waiting, and is empty afterwards', () => {
    const slots = new ReplySlots<string>();
    slots.add(1, 'a');
    slots.add(65, 'b');
    slots.add(7, 'c');
    slots.take(7);

    expect(slots.takeAll().sort()).toEqual(['a', 'b']);
    expect(slots.size).toBe(0);
    expect(slots.take(1)).toBeUndefined();
  });

  it('refuses an id that is already waiting, or that is not a positive integer', () => {
    const slots = new ReplySlots<string>();
    slots.add(5, 'a');

    expect(() => slots.add(5, 'again')).toThrow('reply 5 is waiting already');
    expect(() => slots.add(0, 'zero')).toThrow(RangeError);
    expect(() => slots.add(1.5, 'half')).toThrow(RangeError);
    expect(slots.take(5)).toBe('a');
  });

  it('works with ids past 2^32, where a bit mask would not', () => {
    const slots = new ReplySlots<string>();
    const big = 2 ** 40 + 3;
    slots.add(big, 'late in a long life');

    expect(slots.take(big)).toBe('late in a long life');
  });
});
