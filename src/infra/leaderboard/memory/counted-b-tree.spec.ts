import { seededRandom } from '../testing';
import { CountedBTree } from './counted-b-tree';

interface Item {
  key: number;
  id: number;
}
const byId = (a: Item, b: Item): number => a.id - b.id;
const order = (a: Item, b: Item): number => a.key - b.key || a.id - b.id;
const tree = (): CountedBTree<Item> => new CountedBTree<Item>((i) => i.key, byId);

/** A sorted array kept beside the tree as the reference. */
class Reference {
  readonly sorted: Item[] = [];
  indexFor(item: Item): number {
    let lo = 0;
    let hi = this.sorted.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (order(this.sorted[mid], item) < 0) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }
}

describe('CountedBTree', () => {
  it('is empty at first', () => {
    const t = tree();
    expect(t.size).toBe(0);
    expect(t.at(0)).toBeUndefined();
    expect(t.indexOf({ key: 1, id: 1 })).toBe(-1);
    expect(t.remove({ key: 1, id: 1 })).toBe(false);
    expect(t.slice(0, 10)).toEqual([]);
    t.verify();
  });

  it('agrees with a sorted array over 30,000 random inserts and removals, with many equal keys', () => {
    const random = seededRandom(42);
    const t = tree();
    const ref = new Reference();
    const present = new Map<number, Item>();
    for (let step = 0; step < 30_000; step++) {
      const id = Math.floor(random() * 6_000);
      const held = present.get(id);
      if (held !== undefined && random() < 0.6) {
        expect(t.remove(held)).toBe(true);
        expect(t.remove(held)).toBe(false);
        ref.sorted.splice(ref.indexFor(held), 1);
        present.delete(id);
        expect(t.indexOf(held)).toBe(-1);
      } else if (held === undefined) {
        const item = { key: Math.floor(random() * 50), id };
        const at = ref.indexFor(item);
        expect(t.insert(item)).toBe(at);
        ref.sorted.splice(at, 0, item);
        present.set(id, item);
      }
      if (step % 1_000 === 0) {
        t.verify();
        expect(t.slice(0, ref.sorted.length + 5)).toEqual(ref.sorted);
        for (let i = 0; i < 20; i++) {
          const index = Math.floor(random() * (ref.sorted.length + 2));
          expect(t.at(index)).toBe(ref.sorted[index]);
          if (index < ref.sorted.length) expect(t.indexOf(ref.sorted[index])).toBe(index);
        }
      }
    }
    expect(t.size).toBe(ref.sorted.length);
    expect(t.slice(10, 30)).toEqual(ref.sorted.slice(10, 40));
    expect(t.slice(ref.sorted.length - 3, 10)).toEqual(ref.sorted.slice(-3));
    expect(t.slice(-1, 3)).toEqual([]);
    expect(t.slice(0, 0)).toEqual([]);
    // Empty it completely (leaves and branches unlinked, the root collapsing), then use it again.
    for (const item of [...present.values()].sort(() => random() - 0.5)) expect(t.remove(item)).toBe(true);
    t.verify();
    expect(t.size).toBe(0);
    expect(t.slice(0, 5)).toEqual([]);
    const again = { key: 3, id: 3 };
    expect(t.insert(again)).toBe(0);
    expect(t.at(0)).toBe(again);
    t.verify();
  });

  it('handles ascending, descending and interleaved insertion orders (splits at either end)', () => {
    for (const keys of [
      Array.from({ length: 20_000 }, (_, i) => i),
      Array.from({ length: 20_000 }, (_, i) => 20_000 - i),
      Array.from({ length: 20_000 }, (_, i) => (i % 2 === 0 ? i : 40_000 - i)),
    ]) {
      const t = tree();
      keys.forEach((key, id) => t.insert({ key, id }));
      t.verify();
      const sorted = [...keys].sort((a, b) => a - b);
      expect(t.slice(0, keys.length).map((i) => i.key)).toEqual(sorted);
      // Remove every other item from the front half, then check positions.
      const all = t.slice(0, keys.length);
      for (let i = 0; i < all.length / 2; i += 2) t.remove(all[i]);
      t.verify();
      const left = all.filter((_, i) => !(i < all.length / 2 && i % 2 === 0));
      expect(t.slice(0, keys.length)).toEqual(left);
      for (let i = 0; i < left.length; i += 997) expect(t.indexOf(left[i])).toBe(i);
    }
  });

  it('stays shallow and fast: 200,000 inserts and position queries (no O(n) per operation)', () => {
    const t = tree();
    const random = seededRandom(9);
    const items = Array.from({ length: 200_000 }, (_, id) => ({ key: random(), id }));
    const started = Date.now();
    for (const item of items) t.insert(item);
    for (let i = 0; i < items.length; i += 13) expect(t.indexOf(items[i])).toBeGreaterThanOrEqual(0);
    expect(Date.now() - started).toBeLessThan(10_000);
    t.verify();
  });
});
