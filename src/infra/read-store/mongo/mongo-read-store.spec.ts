import { MongoClient } from 'mongodb';
import { describeReadStoreContract } from '../read-store.contract';
import { MongoReadStore } from './mongo-read-store';

const url = process.env.MONGO_URL;

/**
 * MongoDB cannot be started on the build machines: this suite runs only when MONGO_URL points at
 * a server, and is reported as skipped otherwise. It uses its own database so a run can never
 * touch a live read model; the contract drops the collections it created.
 */
(url ? describe : describe.skip)('MongoDB read store (skipped: set MONGO_URL to run)', () => {
  describeReadStoreContract('MongoDB', () =>
    MongoReadStore.connect(url ?? '', { dbName: 'stride_contract_test' }),
  );

  describe('MongoDB specifics', () => {
    let store: MongoReadStore;
    const collection = `mongo_specifics_${process.pid}_${Date.now()}`;

    beforeAll(async () => {
      store = await MongoReadStore.connect(url ?? '', { dbName: 'stride_contract_test' });
    });
    afterAll(async () => {
      await store?.dropCollection(collection);
      await store?.close();
    });

    it('answers ping', async () => {
      await expect(store.ping()).resolves.toBeUndefined();
    });

    it('ensures indexes idempotently and enforces unique ones', async () => {
      const indexed = `${collection}_indexed`;
      const indexes = [{ key: { user_id: 1 as const, started_at: -1 as const }, unique: true, name: 'by_user' }];
      await store.ensureIndexes(indexed, indexes);
      await store.ensureIndexes(indexed, indexes);
      const docs = store.collection<{ user_id: string; started_at: string }>(indexed);
      await docs.put('a', { user_id: 'u1', started_at: '2024-01-01' });
      await expect(docs.put('b', { user_id: 'u1', started_at: '2024-01-01' })).rejects.toThrow();
      await store.dropCollection(indexed);
    });

    it('renames a missing collection over another by emptying the target', async () => {
      const target = `${collection}_target`;
      await store.collection<{ n: number }>(target).put('old', { n: 1 });
      await store.renameCollection(`${collection}_missing`, target);
      expect(await store.collection(target).count()).toBe(0);
      await store.dropCollection(target);
    });

    it('creates { field: 1, orderBy: -1, _id: -1 } for ensureIndex, lists through it without sorting, and renames it along', async () => {
      const from = `${collection}_feed_from`;
      const to = `${collection}_feed_to`;
      const raw = await MongoClient.connect(url ?? '');
      try {
        const db = raw.db('stride_contract_test');
        const items = store.collection<{ owner: string; sort_key: string }>(from);
        await items.ensureIndex({ field: 'owner', orderBy: 'sort_key' });
        await items.ensureIndex({ field: 'owner', orderBy: 'sort_key' });
        await items.putMany(Array.from({ length: 50 }, (_, i) => [`i${i}`, { owner: `o${i % 5}`, sort_key: `k${String(i).padStart(2, '0')}` }] as const));
        const keys = (await db.collection(from).indexes()).map((index) => index.key);
        expect(keys).toContainEqual({ owner: 1, sort_key: -1, _id: -1 });
        // The query `list` sends: an index scan, no blocking sort.
        const explained = await db
          .collection(from)
          .find({ owner: 'o1', sort_key: { $type: 'string', $lt: 'k40' } })
          .sort([
            ['sort_key', -1],
            ['_id', -1],
          ])
          .limit(3)
          .explain('queryPlanner');
        const plan = JSON.stringify(explained.queryPlanner?.winningPlan ?? explained);
        expect(plan).toContain('"IXSCAN"');
        expect(plan).not.toContain('"SORT"');

        await store.renameCollection(from, to);
        expect((await db.collection(to).indexes()).map((index) => index.key)).toContainEqual({ owner: 1, sort_key: -1, _id: -1 });
        await store.dropCollection(to);
        expect(await db.listCollections({ name: to }, { nameOnly: true }).toArray()).toEqual([]);
      } finally {
        await store.dropCollection(from);
        await store.dropCollection(to);
        await raw.close();
      }
    });

    it('puts many in one bulk write and refuses an _id field before writing any', async () => {
      const docs = store.collection<{ n: number; _id?: string }>(`${collection}_bulk`);
      await expect(
        docs.putMany([
          ['a', { n: 1 }],
          ['b', { n: 2, _id: 'x' }],
        ]),
      ).rejects.toThrow(/_id/);
      expect(await docs.count()).toBe(0);
      await store.dropCollection(`${collection}_bulk`);
    });

    it('drops a missing collection without complaint', async () => {
      await expect(store.dropCollection(`${collection}_never_created`)).resolves.toBeUndefined();
    });

    it('stores undefined fields as absent, not null', async () => {
      const docs = store.collection<{ a: number; b?: number }>(collection);
      await docs.put('u', { a: 1, b: undefined });
      expect(Object.keys((await docs.get('u')) ?? {})).toEqual(['a']);
    });
  });
});
