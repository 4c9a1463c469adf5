import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadSettings } from '../../config/settings';
import { CatalogueCommerce, commerceConfigFrom, describeCommerce, findCatalogueFile, HttpCommerce, openCommerce } from './index';

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

describe('commerceConfigFrom', () => {
  const query = { region: 'NL', brand: 'Nike', model: 'Pegasus 39' };

  it('gives the HTTP adapter the retries and breaker of the COMMERCE_* settings', async () => {
    // Port 1 on the loopback refuses at once: one call, no retry, and the circuit opens after it.
    const settings = loadSettings({ COMMERCE_URL: 'http://user:secret@127.0.0.1:1/api', COMMERCE_RETRIES: '0', COMMERCE_BREAKER_FAILURES: '1' });
    const commerce = openCommerce(commerceConfigFrom(settings)) as HttpCommerce;
    try {
      await expect(commerce.replacementsInStock(query)).rejects.toThrow();
      expect(commerce.state).toBe('open');
    } finally {
      await commerce.close();
    }
    expect(describeCommerce(commerceConfigFrom(settings))).toBe('store API http://127.0.0.1:1');
  });

  it('reads the catalogue file COMMERCE_CATALOGUE_FILE names when no URL is set', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'catalogue-'));
    try {
      const file = join(dir, 'catalogue.json');
      copyFileSync(findCatalogueFile(), file);
      const config = commerceConfigFrom(loadSettings({ COMMERCE_CATALOGUE_FILE: file }));
      const commerce = openCommerce(config) as CatalogueCommerce;
      expect(commerce.file).toBe(file);
      expect((await commerce.replacementsInStock(query)).length).toBeGreaterThan(0);
      expect(describeCommerce(config)).toBe(`catalogue file (${file})`);
      await commerce.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
