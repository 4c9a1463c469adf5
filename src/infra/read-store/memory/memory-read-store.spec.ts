import { describeReadStoreContract } from '../read-store.contract';
import { MemoryReadStore } from './memory-read-store';

describeReadStoreContract('memory', async () => new MemoryReadStore());

interface Item {
  owner: string;
  author: string;
  sort_key: string;
  n: number;
}

const BY_OWNER = { field: 'owner', orderBy: 'sort_key' } as const;

const ids = (page: Array<[string, unknown]>): string[] => page.map(([id]) => id);

describe('MemoryReadStore indexes', () => {
  it('refuses to list without an index on a where field with that order', async () => {
    const store = new MemoryReadStore();
    const items = store.collection<Item>('items');
    await items.put('a', { owner: 'o1', author: 'a1', sort_key: 'k1', n: 1 });
    await expect(items.list({ where: { owner: 'o1' }, orderBy: 'sort_key', limit: 10 })).rejects.toThrow(/ensureIndex/);
    await items.ensureIndex(BY_OWNER);
    await expect(items.list({ where: { author: 'a1' }, orderBy: 'sort_key', limit: 10 })).rejects.toThrow(/ensureIndex/);
    await expect(items.list({ where: { owner: 'o1' }, orderBy: 'author', limit: 10 })).rejects.toThrow(/ensureIndex/);
    expect(await items.list({ where: { owner: 'o1' }, orderBy: 'sort_key', limit: 10 })).toHaveLength(1);
  });

  it('indexes the documents already there when an index is declared', async () => {
    const store = new MemoryReadStore();
    const items = store.collection<Item>('items');
    for (const i of [3, 1, 2]) await items.put(`i${i}`, { owner: 'o1', author: 'a1', sort_key: `k${i}`, n: i });
    await items.ensureIndex(BY_OWNER);
    expect((await items.list({ where: { owner: 'o1' }, orderBy: 'sort_key', limit: 10 })).map(([id]) => id)).toEqual(['i3', 'i2', 'i1']);
  });

  it('leaves the renamed-away name and a dropped collection without indexes', async () => {
    const store = new MemoryReadStore();
    const rebuilt = store.collection<Item>('rebuild');
    const live = store.collection<Item>('live');
    await rebuilt.ensureIndex(BY_OWNER);
    await rebuilt.put('a', { owner: 'o1', author: 'a1', sort_key: 'k1', n: 1 });
    await store.renameCollection('rebuild', 'live');
    expect(await live.list({ where: { owner: 'o1' }, orderBy: 'sort_key', limit: 10 })).toHaveLength(1);
    await expect(rebuilt.list({ where: { owner: 'o1' }, orderBy: 'sort_key', limit: 10 })).rejects.toThrow(/ensureIndex/);
    await store.dropCollection('live');
    await expect(live.list({ where: { owner: 'o1' }, orderBy: 'sort_key', limit: 10 })).rejects.toThrow(/ensureIndex/);
  });

  it('agrees with a brute-force model under random puts, putMany (copied or handed over), deletes and deleteWhere', async () => {
    let seed = 42;
    const random = (below: number): number => {
      seed = (Math.imul(seed, 1_103_515_245) + 12_345) >>> 0;
      return (seed >>> 8) % below;
    };
    const store = new MemoryReadStore();
    const items = store.collection<Item>('items');
    await items.ensureIndex(BY_OWNER);
    await items.ensureIndex({ field: 'author', orderBy: 'sort_key' });
    const model = new Map<string, Item>();
    const randomItem = (): Item => ({
      owner: `o${random(4)}`,
      author: `a${random(3)}`,
      sort_key: `k${String(random(40)).padStart(2, '0')}`,
      n: random(1000),
    });
    const expected = (where: Partial<Item>, before: string | undefined, limit: number): string[] =>
      [...model]
        .filter(([, doc]) => Object.entries(where).every(([field, value]) => doc[field as keyof Item] === value))
        .filter(([, doc]) => before === undefined || doc.sort_key < before)
        .sort(([a, x], [b, y]) => (x.sort_key === y.sort_key ? (a < b ? 1 : -1) : x.sort_key < y.sort_key ? 1 : -1))
        .slice(0, limit)
        .map(([id]) => id);

    for (let step = 0; step < 3000; step++) {
      const action = random(10);
      if (action < 4) {
        const id = `d${random(60)}`;
        const document = randomItem();
        await items.put(id, document);
        model.set(id, document);
      } else if (action < 6) {
        // Small and large batches (several documents per bucket, ids repeated), copied or handed over.
        const batch: Array<[string, Item]> = Array.from({ length: random(2) === 0 ? random(12) : random(50) }, () => [`d${random(60)}`, randomItem()]);
        await items.putMany(batch, { handOver: random(2) === 0 });
        for (const [id, document] of batch) model.set(id, document);
      } else if (action < 7) {
        const id = `d${random(60)}`;
        await items.delete(id);
        model.delete(id);
      } else if (action < 8) {
        const where: Record<string, string> = random(2) === 0 ? { owner: `o${random(4)}` } : { owner: `o${random(4)}`, author: `a${random(3)}` };
        if (random(3) === 0) delete where.owner;
        if (Object.keys(where).length === 0) where.author = 'a0';
        const doomed = expected(where, undefined, Infinity);
        expect(await items.deleteWhere(where)).toBe(doomed.length);
        for (const id of doomed) model.delete(id);
      } else {
        const where: Record<string, string> = random(2) === 0 ? { owner: `o${random(4)}` } : { author: `a${random(3)}`, owner: `o${random(4)}` };
        const before = random(2) === 0 ? undefined : `k${String(random(42)).padStart(2, '0')}`;
        const limit = random(8);
        const page = await items.list({ where, orderBy: 'sort_key', before, limit });
        expect(page.map(([id]) => id)).toEqual(expected(where, before, limit));
        for (const [id, document] of page) expect(document).toEqual(model.get(id));
      }
    }
    expect(await items.count()).toBe(model.size);
    for (const owner of ['o0', 'o1', 'o2', 'o3']) {
      expect((await items.list({ where: { owner }, orderBy: 'sort_key', limit: 1000 })).map(([id]) => id)).toEqual(expected({ owner }, undefined, 1000));
    }
  });
});

describe('MemoryReadStore hand-over and read-only documents', () => {
  it('keeps handed-over documents as they are and hands out stored documents, frozen, to read-only readers', async () => {
    const store = new MemoryReadStore();
    const items = store.collection<Item & { tags: string[] }>('items');
    await items.ensureIndex(BY_OWNER);
    const tags = ['shared'];
    const handed = { owner: 'o1', author: 'a1', sort_key: 'k1', n: 1, tags };
    await items.putMany([['a', handed], ['b', { ...handed, sort_key: 'k2', tags }]], { handOver: true });
    const [[, first]] = await items.list({ where: { owner: 'o1' }, orderBy: 'sort_key', before: 'k2', limit: 1 }, { readOnly: true });
    expect(first).toBe(handed);
    expect(Object.isFrozen(first)).toBe(true);
    expect(Object.isFrozen(tags)).toBe(true);
    expect(() => {
      (first as { n: number }).n = 2;
    }).toThrow(TypeError);
    const [second] = await items.getMany(['b'], { readOnly: true });
    expect(Object.isFrozen(second)).toBe(true);
    // Copies stay the default, and are not frozen.
    const copy = await items.get('a');
    expect(copy).toEqual(handed);
    expect(copy).not.toBe(handed);
    expect(Object.isFrozen(copy)).toBe(false);
  });

  it('settles the entries an index holds back: a batch in any order lists sorted, and deletes find them', async () => {
    const store = new MemoryReadStore();
    const items = store.collection<Item>('items');
    await items.ensureIndex({ field: 'author', orderBy: 'sort_key' });
    const owners = Array.from({ length: 500 }, (_, i) => `o${String((i * 389) % 500).padStart(3, '0')}`);
    await items.putMany(owners.map((owner): [string, Item] => [`${owner}|w`, { owner, author: 'a1', sort_key: 'k1', n: 0 }]), { handOver: true });
    await items.put('late', { owner: 'o000', author: 'a1', sort_key: 'k0', n: 0 });
    const listed = await items.listKeys({ where: { author: 'a1' }, orderBy: 'sort_key', limit: 1_000 });
    expect(listed).toHaveLength(501);
    expect(ids(await items.list({ where: { author: 'a1' }, orderBy: 'sort_key', limit: 3 }))).toEqual(['o499|w', 'o498|w', 'o497|w']);
    await items.delete('o250|w');
    expect(await items.deleteWhere({ author: 'a1' })).toBe(500);
    expect(await items.count()).toBe(0);
  });
});
