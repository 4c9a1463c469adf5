import type { ReadCollection, ReadStore } from '../../../core/read-store';

/**
 * The embedded read store: plain maps in this process. Documents are copied in and out, so a
 * caller mutating what it got cannot change the store behind the projection's back.
 */
export class MemoryReadStore implements ReadStore {
  private readonly collections = new Map<string, Map<string, object>>();

  collection<T extends object>(name: string): ReadCollection<T> {
    const data = () => {
      let map = this.collections.get(name);
      if (!map) this.collections.set(name, (map = new Map()));
      return map;
    };
    return {
      get: async (id) => {
        const document = data().get(id);
        return document === undefined ? undefined : (structuredClone(document) as T);
      },
      put: async (id, document) => {
        data().set(id, structuredClone(document));
      },
      delete: async (id) => {
        data().delete(id);
      },
      entries: async function* () {
        const ids = [...data().keys()].sort();
        for (const id of ids) {
          const document = data().get(id);
          if (document !== undefined) yield [id, structuredClone(document) as T];
        }
      },
      count: async () => data().size,
    };
  }

  async renameCollection(from: string, to: string): Promise<void> {
    if (from === to) return;
    const map = this.collections.get(from) ?? new Map<string, object>();
    this.collections.set(to, map);
    this.collections.delete(from);
  }

  async dropCollection(name: string): Promise<void> {
    this.collections.delete(name);
  }

  async listCollections(): Promise<string[]> {
    return [...this.collections.keys()].sort();
  }

  async ping(): Promise<void> {}

  async close(): Promise<void> {
    this.collections.clear();
  }
}
