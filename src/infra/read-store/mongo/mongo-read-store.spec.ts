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
