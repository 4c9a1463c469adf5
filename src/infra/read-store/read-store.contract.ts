import { randomUUID } from 'node:crypto';
import type { ReadStore } from '../../core/read-store';

interface Doc {
  name: string;
  count: number;
  tags?: string[];
}

/** The behaviour every ReadStore adapter must have. Collection names are unique per run. */
export function describeReadStoreContract(adapterName: string, open: () => Promise<ReadStore>): void {
  describe(`ReadStore contract: ${adapterName}`, () => {
    let store: ReadStore;
    const run = randomUUID().slice(0, 8);
    let n = 0;
    const name = () => `contract_${run}_${++n}`;

    beforeAll(async () => {
      store = await open();
    });
    afterAll(async () => {
      for (const collection of await store.listCollections()) {
        if (collection.startsWith(`contract_${run}`)) await store.dropCollection(collection);
      }
      await store.close();
    });

    it('puts, gets, replaces and deletes documents by id', async () => {
      const docs = store.collection<Doc>(name());
      expect(await docs.get('a')).toBeUndefined();
      await docs.put('a', { name: 'first', count: 1, tags: ['x'] });
      expect(await docs.get('a')).toEqual({ name: 'first', count: 1, tags: ['x'] });
      await docs.put('a', { name: 'second', count: 2 });
      expect(await docs.get('a')).toEqual({ name: 'second', count: 2 });
      await docs.delete('a');
      expect(await docs.get('a')).toBeUndefined();
      await docs.delete('missing');
    });

    it('hands out copies: changing a returned document does not change the stored one', async () => {
      const docs = store.collection<Doc>(name());
      const original = { name: 'kept', count: 1, tags: ['x'] };
      await docs.put('a', original);
      original.tags.push('mutated');
      const read = await docs.get('a');
      read!.count = 99;
      expect(await docs.get('a')).toEqual({ name: 'kept', count: 1, tags: ['x'] });
    });

    it('lists every document ordered by id, and counts them', async () => {
      const docs = store.collection<Doc>(name());
      await docs.put('b', { name: 'b', count: 2 });
      await docs.put('a', { name: 'a', count: 1 });
      const listed: Array<[string, Doc]> = [];
      for await (const entry of docs.entries()) listed.push(entry);
      expect(listed).toEqual([
        ['a', { name: 'a', count: 1 }],
        ['b', { name: 'b', count: 2 }],
      ]);
      expect(await docs.count()).toBe(2);
    });

    it('renames a collection over another, replacing its contents', async () => {
      const from = name();
      const to = name();
      await store.collection<Doc>(from).put('new', { name: 'new', count: 1 });
      await store.collection<Doc>(to).put('old', { name: 'old', count: 0 });
      await store.renameCollection(from, to);
      expect(await store.collection<Doc>(to).get('new')).toEqual({ name: 'new', count: 1 });
      expect(await store.collection<Doc>(to).get('old')).toBeUndefined();
      expect(await store.collection<Doc>(from).count()).toBe(0);
    });

    it('drops a collection', async () => {
      const dropped = name();
      await store.collection<Doc>(dropped).put('a', { name: 'a', count: 1 });
      await store.dropCollection(dropped);
      expect(await store.collection<Doc>(dropped).count()).toBe(0);
    });
  });
}
