import { randomUUID } from 'node:crypto';
import type { ListQuery, ReadCollection, ReadStore } from '../../core/read-store';

interface Doc {
  name: string;
  count: number;
  tags?: string[];
}

/** A feed-like document: `owner` is the indexed field, `sort_key` the order, `author` a second filter. */
interface Item {
  owner: string;
  author: string;
  workout: string;
  sort_key: string;
  body?: { text: string; tags: string[] };
}

const BY_OWNER = { field: 'owner', orderBy: 'sort_key' } as const;

function item(owner: string, author: string, workout: string, sort_key: string): Item {
  return { owner, author, workout, sort_key };
}

const ids = (page: Array<[string, unknown]>): string[] => page.map(([id]) => id);

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

    it('gets many documents in one go, in the order asked, undefined where there is none', async () => {
      const docs = store.collection<Doc>(name());
      await docs.put('a', { name: 'a', count: 1 });
      await docs.put('b', { name: 'b', count: 2, tags: ['x'] });
      expect(await docs.getMany(['b', 'missing', 'a', 'b'])).toEqual([{ name: 'b', count: 2, tags: ['x'] }, undefined, { name: 'a', count: 1 }, { name: 'b', count: 2, tags: ['x'] }]);
      expect(await docs.getMany([])).toEqual([]);
      // Copies, as get hands out.
      const [first] = await docs.getMany(['b']);
      first!.tags!.push('mutated');
      expect(await docs.get('b')).toEqual({ name: 'b', count: 2, tags: ['x'] });
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

    describe('indexed listing and batched writes', () => {
      /** A collection indexed by owner with `n` items of owner `o1` keyed k001..kn (author a1 for odd, a2 for even). */
      async function feed(n = 0): Promise<ReadCollection<Item>> {
        const items = store.collection<Item>(name());
        await items.ensureIndex(BY_OWNER);
        const documents: Array<[string, Item]> = [];
        for (let i = 1; i <= n; i++) {
          const k = String(i).padStart(3, '0');
          documents.push([`i${k}`, item('o1', i % 2 === 1 ? 'a1' : 'a2', `w${k}`, `k${k}`)]);
        }
        await items.putMany(documents);
        return items;
      }

      it('lists newest first by the order key, at most limit, ties by descending id', async () => {
        const items = await feed();
        await items.ensureIndex(BY_OWNER); // idempotent
        await items.put('b', item('o1', 'a1', 'w1', '2024-01-02'));
        await items.put('a', item('o1', 'a1', 'w2', '2024-01-03'));
        await items.put('c', item('o1', 'a1', 'w3', '2024-01-01'));
        await items.put('tie-1', item('o1', 'a1', 'w4', '2024-01-02'));
        await items.put('other', item('o2', 'a1', 'w1', '2024-01-05'));
        expect(await items.list({ where: { owner: 'o1' }, orderBy: 'sort_key', limit: 10 })).toEqual([
          ['a', item('o1', 'a1', 'w2', '2024-01-03')],
          ['tie-1', item('o1', 'a1', 'w4', '2024-01-02')],
          ['b', item('o1', 'a1', 'w1', '2024-01-02')],
          ['c', item('o1', 'a1', 'w3', '2024-01-01')],
        ]);
        expect(ids(await items.list({ where: { owner: 'o1' }, orderBy: 'sort_key', limit: 2 }))).toEqual(['a', 'tie-1']);
        expect(await items.list({ where: { owner: 'o1' }, orderBy: 'sort_key', limit: 0 })).toEqual([]);
        expect(await items.list({ where: { owner: 'nobody' }, orderBy: 'sort_key', limit: 10 })).toEqual([]);
      });

      it('pages with a before cursor, stable while newer items are inserted between pages', async () => {
        const items = await feed(25);
        const first = await items.list({ where: { owner: 'o1' }, orderBy: 'sort_key', limit: 10 });
        expect(ids(first)).toEqual(['i025', 'i024', 'i023', 'i022', 'i021', 'i020', 'i019', 'i018', 'i017', 'i016']);
        // Newer items arrive (and one for another owner) before the next page is read.
        await items.put('new1', item('o1', 'a1', 'w900', 'k900'));
        await items.putMany([
          ['new2', item('o1', 'a1', 'w901', 'k901')],
          ['new3', item('o2', 'a1', 'w901', 'k015x')],
        ]);
        const cursor = first[first.length - 1][1].sort_key;
        const second = await items.list({ where: { owner: 'o1' }, orderBy: 'sort_key', before: cursor, limit: 10 });
        expect(ids(second)).toEqual(['i015', 'i014', 'i013', 'i012', 'i011', 'i010', 'i009', 'i008', 'i007', 'i006']);
        const third = await items.list({ where: { owner: 'o1' }, orderBy: 'sort_key', before: second[9][1].sort_key, limit: 10 });
        expect(ids(third)).toEqual(['i005', 'i004', 'i003', 'i002', 'i001']);
        expect(await items.list({ where: { owner: 'o1' }, orderBy: 'sort_key', before: 'k001', limit: 10 })).toEqual([]);
        // A cursor that is not itself a key: strictly below it.
        expect(ids(await items.list({ where: { owner: 'o1' }, orderBy: 'sort_key', before: 'k0105', limit: 2 }))).toEqual(['i010', 'i009']);
        expect(ids(await items.list({ where: { owner: 'o1' }, orderBy: 'sort_key', limit: 3 }))).toEqual(['new2', 'new1', 'i025']);
      });

      it('filters on several where fields, the index on one of them', async () => {
        const items = await feed(10);
        await items.put('x', item('o2', 'a1', 'w1', 'k999'));
        const page = await items.list({ where: { owner: 'o1', author: 'a2' }, orderBy: 'sort_key', limit: 3 });
        expect(ids(page)).toEqual(['i010', 'i008', 'i006']);
        const next = await items.list({ where: { author: 'a2', owner: 'o1' }, orderBy: 'sort_key', before: 'k006', limit: 10 });
        expect(ids(next)).toEqual(['i004', 'i002']);
        expect(await items.list({ where: { owner: 'o1', author: 'a3' }, orderBy: 'sort_key', limit: 10 })).toEqual([]);
      });

      it('moves a replaced document whose order key or indexed field changed', async () => {
        const items = await feed(5);
        await items.put('i002', item('o1', 'a2', 'w002', 'k100'));
        expect(ids(await items.list({ where: { owner: 'o1' }, orderBy: 'sort_key', limit: 10 }))).toEqual(['i002', 'i005', 'i004', 'i003', 'i001']);
        await items.put('i005', item('o2', 'a1', 'w005', 'k005'));
        expect(ids(await items.list({ where: { owner: 'o1' }, orderBy: 'sort_key', limit: 10 }))).toEqual(['i002', 'i004', 'i003', 'i001']);
        expect(ids(await items.list({ where: { owner: 'o2' }, orderBy: 'sort_key', limit: 10 }))).toEqual(['i005']);
        // Unchanged index fields, changed content: same place, new content.
        await items.put('i003', { ...item('o1', 'a9', 'w003', 'k003'), body: { text: 'edited', tags: [] } });
        expect(await items.list({ where: { owner: 'o1' }, orderBy: 'sort_key', before: 'k004', limit: 1 })).toEqual([
          ['i003', { ...item('o1', 'a9', 'w003', 'k003'), body: { text: 'edited', tags: [] } }],
        ]);
        await items.delete('i004');
        expect(ids(await items.list({ where: { owner: 'o1' }, orderBy: 'sort_key', limit: 10 }))).toEqual(['i002', 'i003', 'i001']);
        expect(await items.count()).toBe(4);
      });

      it('lists the order keys alone: those list would list, in its order, with the same cursor and filters', async () => {
        const items = await feed(12);
        await items.put('x', item('o2', 'a2', 'w1', 'k999'));
        const keys = (page: Array<[string, Item]>) => page.map(([, listed]) => listed.sort_key);
        const queries: ListQuery[] = [
          { where: { owner: 'o1' }, orderBy: 'sort_key', limit: 5 },
          { where: { owner: 'o1' }, orderBy: 'sort_key', before: 'k008', limit: 100 },
          { where: { owner: 'o1', author: 'a2' }, orderBy: 'sort_key', limit: 4 },
          { where: { author: 'a2', owner: 'o1' }, orderBy: 'sort_key', before: 'k006', limit: 10 },
          { where: { owner: 'nobody' }, orderBy: 'sort_key', limit: 10 },
          { where: { owner: 'o1' }, orderBy: 'sort_key', limit: 0 },
        ];
        for (const query of queries) expect(await items.listKeys(query)).toEqual(keys(await items.list(query)));
        expect(await items.listKeys({ where: { owner: 'o1' }, orderBy: 'sort_key', before: 'k004', limit: 10 })).toEqual(['k003', 'k002', 'k001']);
        await expect(items.listKeys({ where: { author: 'a1' }, orderBy: 'sort_key', limit: 1, before: 1 } as unknown as ListQuery)).rejects.toThrow();
      });

      it('lists and gets read-only documents equal to the copies, and the store keeps its own whatever the reader tries', async () => {
        const items = await feed(3);
        await items.put('i002', { ...item('o1', 'a2', 'w002', 'k002'), body: { text: 'kept', tags: ['x'] } });
        const page = await items.list({ where: { owner: 'o1' }, orderBy: 'sort_key', limit: 10 }, { readOnly: true });
        expect(page).toEqual(await items.list({ where: { owner: 'o1' }, orderBy: 'sort_key', limit: 10 }));
        const got = await items.getMany(['i002', 'none'], { readOnly: true });
        expect(got).toEqual([{ ...item('o1', 'a2', 'w002', 'k002'), body: { text: 'kept', tags: ['x'] } }, undefined]);
        // A reader that breaks the promise either fails (memory: frozen) or changes its own copy (MongoDB).
        const attempt = (change: () => void) => {
          try {
            change();
          } catch {
            // frozen
          }
        };
        attempt(() => got[0]!.body!.tags.push('changed'));
        attempt(() => (page[1][1].owner = 'changed'));
        expect(await items.get('i002')).toEqual({ ...item('o1', 'a2', 'w002', 'k002'), body: { text: 'kept', tags: ['x'] } });
        expect(ids(await items.list({ where: { owner: 'o1' }, orderBy: 'sort_key', limit: 10 }))).toEqual(['i003', 'i002', 'i001']);
      });

      it('lists copies', async () => {
        const items = await feed(1);
        const [[, listed]] = await items.list({ where: { owner: 'o1' }, orderBy: 'sort_key', limit: 1 });
        listed.owner = 'mutated';
        expect(await items.get('i001')).toEqual(item('o1', 'a1', 'w001', 'k001'));
      });

      it('never lists a document whose order key or indexed field is not a string', async () => {
        const loose = store.collection<Record<string, unknown>>(name());
        await loose.ensureIndex(BY_OWNER);
        await loose.put('keyed', { owner: 'o1', sort_key: 'k1' });
        await loose.put('no-key', { owner: 'o1' });
        await loose.put('number-key', { owner: 'o1', sort_key: 7 });
        await loose.put('number-owner', { owner: 1, sort_key: 'k2' });
        expect(ids(await loose.list({ where: { owner: 'o1' }, orderBy: 'sort_key', limit: 10 }))).toEqual(['keyed']);
        // ...but deleting by the indexed field still finds them.
        expect(await loose.deleteWhere({ owner: 'o1' })).toBe(3);
        expect(await loose.count()).toBe(1);
      });

      it('deletes by one field across owners and by two fields in one owner, returning how many', async () => {
        const items = store.collection<Item>(name());
        await items.ensureIndex(BY_OWNER);
        for (const owner of ['o1', 'o2', 'o3']) {
          await items.putMany([
            [`${owner}|w1`, item(owner, 'a1', 'w1', 'k1')],
            [`${owner}|w2`, item(owner, 'a2', 'w2', 'k2')],
            [`${owner}|w3`, item(owner, 'a1', 'w3', 'k3')],
          ]);
        }
        // workout has no index: a scan.
        expect(await items.deleteWhere({ workout: 'w1' })).toBe(3);
        expect(await items.count()).toBe(6);
        // owner has one: through it.
        expect(await items.deleteWhere({ owner: 'o2', author: 'a1' })).toBe(1);
        expect(await items.deleteWhere({ owner: 'o2', author: 'a1' })).toBe(0);
        expect(ids(await items.list({ where: { owner: 'o2' }, orderBy: 'sort_key', limit: 10 }))).toEqual(['o2|w2']);
        expect(ids(await items.list({ where: { owner: 'o1' }, orderBy: 'sort_key', limit: 10 }))).toEqual(['o1|w3', 'o1|w2']);
        // With an index on the other field too.
        await items.ensureIndex({ field: 'workout', orderBy: 'sort_key' });
        expect(await items.deleteWhere({ workout: 'w2' })).toBe(3);
        expect(ids(await items.list({ where: { workout: 'w3' }, orderBy: 'sort_key', limit: 10 }))).toEqual(['o3|w3', 'o1|w3']);
        expect(ids(await items.list({ where: { owner: 'o1' }, orderBy: 'sort_key', limit: 10 }))).toEqual(['o1|w3']);
        expect(await items.deleteWhere({ owner: 'nobody' })).toBe(0);
        expect(await items.count()).toBe(2);
      });

      it('refuses an empty where, a non-string where value and a bad limit', async () => {
        const items = await feed(2);
        await expect(items.deleteWhere({})).rejects.toThrow();
        await expect(items.deleteWhere({ owner: 1 } as unknown as Record<string, string>)).rejects.toThrow();
        await expect(items.deleteWhere({ 'owner.x': 'o1' })).rejects.toThrow();
        await expect(items.list({ where: { owner: { $ne: 'x' } } as unknown as Record<string, string>, orderBy: 'sort_key', limit: 10 })).rejects.toThrow();
        await expect(items.list({ where: { owner: 'o1' }, orderBy: 'sort_key', limit: -1 })).rejects.toThrow();
        await expect(items.list({ where: { owner: 'o1' }, orderBy: 'sort_key', limit: 1.5 })).rejects.toThrow();
        await expect(items.ensureIndex({ field: 'owner', orderBy: 'owner' })).rejects.toThrow();
        await expect(items.ensureIndex({ field: '_id', orderBy: 'sort_key' })).rejects.toThrow();
        expect(await items.count()).toBe(2);
      });

      it('puts many documents in one go: replacing, last of an id wins, copied in', async () => {
        const items = await feed(3);
        const body = { text: 'shared', tags: ['x'] };
        const documents: Array<[string, Item]> = [
          ['i001', { ...item('o1', 'a1', 'w001', 'k050'), body }],
          ['n1', { ...item('o1', 'a1', 'w1', 'k010'), body }],
          ['n2', { ...item('o2', 'a1', 'w1', 'k010'), body }],
          ['n1', { ...item('o1', 'a2', 'w1', 'k011'), body }],
        ];
        await items.putMany(documents);
        await items.putMany([]);
        body.tags.push('mutated');
        documents[1][1].owner = 'mutated';
        const shared = { text: 'shared', tags: ['x'] };
        expect(await items.get('n1')).toEqual({ ...item('o1', 'a2', 'w1', 'k011'), body: shared });
        expect(await items.get('n2')).toEqual({ ...item('o2', 'a1', 'w1', 'k010'), body: shared });
        expect(await items.count()).toBe(5);
        expect(ids(await items.list({ where: { owner: 'o1' }, orderBy: 'sort_key', limit: 10 }))).toEqual(['i001', 'n1', 'i003', 'i002']);
        // The stored copies do not share what the input shared.
        const n1 = await items.get('n1');
        n1!.body!.tags.push('changed');
        expect((await items.get('n2'))?.body).toEqual(shared);
      });

      it('puts many handed-over documents like copied ones: indexed, replacing, last of an id wins, sharing nothing on the way out', async () => {
        const items = await feed(3);
        const body = { text: 'shared', tags: ['x'] };
        await items.putMany(
          [
            ['i001', { ...item('o1', 'a1', 'w001', 'k050'), body }],
            ['n1', { ...item('o1', 'a1', 'w1', 'k010'), body }],
            ['n2', { ...item('o2', 'a1', 'w1', 'k010'), body }],
            ['n1', { ...item('o1', 'a2', 'w1', 'k011'), body }],
          ],
          { handOver: true },
        );
        await items.putMany([], { handOver: true });
        const shared = { text: 'shared', tags: ['x'] };
        expect(await items.get('n1')).toEqual({ ...item('o1', 'a2', 'w1', 'k011'), body: shared });
        expect(await items.count()).toBe(5);
        expect(ids(await items.list({ where: { owner: 'o1' }, orderBy: 'sort_key', limit: 10 }))).toEqual(['i001', 'n1', 'i003', 'i002']);
        expect(ids(await items.list({ where: { owner: 'o2' }, orderBy: 'sort_key', limit: 10 }))).toEqual(['n2']);
        // What the store hands out are copies, even of documents that were handed over sharing a value.
        const n1 = await items.get('n1');
        n1!.body!.tags.push('changed');
        const [listed] = await items.list({ where: { owner: 'o2' }, orderBy: 'sort_key', limit: 1 });
        listed[1].body!.tags.push('changed too');
        expect((await items.get('n2'))?.body).toEqual(shared);
        expect((await items.get('n1'))?.body).toEqual(shared);
      });

      it('keeps a large batch in index order: many new documents in one bucket and one each in many', async () => {
        const items = store.collection<Item>(name());
        await items.ensureIndex(BY_OWNER);
        await items.ensureIndex({ field: 'workout', orderBy: 'sort_key' });
        const owners = Array.from({ length: 300 }, (_, i) => `o${String((i * 7919) % 300).padStart(3, '0')}`);
        await items.putMany(owners.map((owner) => [`${owner}|w1`, item(owner, 'a1', 'w1', 'k1')]));
        await items.putMany(owners.map((owner) => [`${owner}|w2`, item(owner, 'a1', 'w2', 'k2')]), { handOver: true });
        // A replaced batch moves: w1 becomes the newest in every feed.
        await items.putMany(owners.map((owner) => [`${owner}|w1`, item(owner, 'a1', 'w1', 'k3')]));
        expect(ids(await items.list({ where: { owner: 'o123' }, orderBy: 'sort_key', limit: 10 }))).toEqual(['o123|w1', 'o123|w2']);
        const byWorkout = await items.list({ where: { workout: 'w2' }, orderBy: 'sort_key', limit: 1000 });
        expect(ids(byWorkout)).toEqual([...owners].sort().reverse().map((owner) => `${owner}|w2`));
        expect(await items.deleteWhere({ workout: 'w1' })).toBe(300);
        expect(ids(await items.list({ where: { owner: 'o123' }, orderBy: 'sort_key', limit: 10 }))).toEqual(['o123|w2']);
        expect(await items.count()).toBe(300);
      });

      it('keeps indexes with the collection: a rename carries them, a drop removes them', async () => {
        const fromName = name();
        const toName = name();
        const from = store.collection<Item>(fromName);
        const to = store.collection<Item>(toName);
        await to.ensureIndex({ field: 'workout', orderBy: 'sort_key' });
        await to.put('old', item('o1', 'a1', 'w0', 'k0'));
        await from.ensureIndex(BY_OWNER);
        await from.putMany([
          ['a', item('o1', 'a1', 'w1', 'k1')],
          ['b', item('o1', 'a1', 'w2', 'k2')],
        ]);
        // Handles go by name: after the rename `to` is what `from` was, `from` is empty.
        await store.renameCollection(fromName, toName);
        expect(await to.get('old')).toBeUndefined();
        expect(ids(await to.list({ where: { owner: 'o1' }, orderBy: 'sort_key', limit: 10 }))).toEqual(['b', 'a']);
        await to.put('c', item('o1', 'a1', 'w3', 'k3'));
        await to.put('a', item('o2', 'a1', 'w1', 'k1'));
        expect(ids(await to.list({ where: { owner: 'o1' }, orderBy: 'sort_key', limit: 10 }))).toEqual(['c', 'b']);
        expect(await to.deleteWhere({ owner: 'o1' })).toBe(2);
        expect(await from.count()).toBe(0);

        await store.dropCollection(toName);
        await to.ensureIndex(BY_OWNER);
        await to.put('d', item('o1', 'a1', 'w4', 'k4'));
        expect(ids(await to.list({ where: { owner: 'o1' }, orderBy: 'sort_key', limit: 10 }))).toEqual(['d']);
      });
    });
  });
}
