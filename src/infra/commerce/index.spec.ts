import { CatalogueCommerce, describeCommerce, HttpCommerce, openCommerce } from './index';

describe('openCommerce', () => {
  it('serves the shipped catalogue without a URL, and the store API with one', async () => {
    const embedded = openCommerce();
    expect(embedded).toBeInstanceOf(CatalogueCommerce);
    expect(describeCommerce()).toMatch(/catalogue file/);
    const remote = openCommerce({ url: 'https://user:secret@store.example.com/api', http: { timeoutMs: 500 } });
    expect(remote).toBeInstanceOf(HttpCommerce);
    expect((remote as HttpCommerce).state).toBe('closed');
    expect(describeCommerce({ url: 'https://user:secret@store.example.com/api' })).toBe('store API https://store.example.com');
    await Promise.all([embedded.close(), remote.close()]);
  });
});
