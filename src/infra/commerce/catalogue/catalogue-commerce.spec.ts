import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describeCommerceContract, CONTRACT_CATALOGUE } from '../commerce.contract';
import { type Catalogue, CatalogueError, findCatalogueFile, loadCatalogue, parseCatalogue } from './catalogue';
import { CatalogueCommerce } from './catalogue-commerce';

describeCommerceContract('catalogue', async (catalogue) => new CatalogueCommerce(catalogue));

const REPO = resolve(__dirname, '../../../..');
const SHIPPED = join(REPO, 'src', 'infra', 'commerce', 'catalogue', 'catalogue.json');

describe('the shipped catalogue', () => {
  const catalogue = loadCatalogue(SHIPPED);

  it('is found beside the module, or above a build directory that lacks it, and nowhere else', () => {
    expect(findCatalogueFile()).toBe(SHIPPED);
    expect(findCatalogueFile(join(REPO, 'dist-without-json', 'src', 'infra', 'commerce', 'catalogue'))).toBe(SHIPPED);
    const elsewhere = mkdtempSync(join(tmpdir(), 'no-catalogue-'));
    try {
      expect(() => findCatalogueFile(elsewhere)).toThrow(/no catalogue\.json/);
    } finally {
      rmSync(elsewhere, { recursive: true, force: true });
    }
  });

  it('holds about twenty models of several brands, priced in EUR, USD and GBP, for the main regions', () => {
    expect(catalogue.models.length).toBeGreaterThanOrEqual(20);
    expect(new Set(catalogue.models.map((m) => m.brand)).size).toBeGreaterThanOrEqual(4);
    expect(Object.keys(catalogue.regions)).toEqual(expect.arrayContaining(['NL', 'DE', 'FR', 'GB', 'US']));
    expect(new Set(Object.values(catalogue.regions).map((r) => r.currency))).toEqual(new Set(['EUR', 'USD', 'GBP']));
    expect(catalogue.models.filter((m) => m.successor !== undefined).length).toBeGreaterThanOrEqual(5);
    expect(new Set(catalogue.models.map((m) => m.category))).toEqual(new Set(['road', 'trail', 'racing']));
  });

  it('is what the default constructor serves', async () => {
    const commerce = new CatalogueCommerce();
    expect(commerce.file).toBe(SHIPPED);
    // The Pegasus 40 is sold out in NL: a worn Pegasus 39 leads to the 41.
    const offers = await commerce.replacementsInStock({ region: 'NL', brand: 'Nike', model: 'Pegasus 39' });
    expect(offers.map((o) => o.model)).toEqual(['Pegasus 41', 'Vomero 18', 'Pegasus Trail 5']);
    expect(offers[0]).toEqual({ sku: 'NIKE-PEG-41', brand: 'Nike', model: 'Pegasus 41', price: { amount: 139.99, currency: 'EUR' }, url: 'https://store.example.com/nl/p/NIKE-PEG-41' });
    expect((await commerce.replacementsInStock({ region: 'GB', brand: 'Hoka', model: 'Clifton 9' }))[0].price).toEqual({ amount: 130, currency: 'GBP' });
    expect(await commerce.replacementsInStock({ region: 'BE', brand: 'Hoka', model: 'Clifton 9' })).toEqual([]);
    await commerce.close();
  });
});

describe('catalogue ranking beyond the contract', () => {
  it("prefers the worn shoe's category within the same brand and among other brands", async () => {
    const commerce = new CatalogueCommerce(CONTRACT_CATALOGUE);
    const offers = await commerce.replacementsInStock({ region: 'NL', brand: 'Nike', model: 'Pegasus Trail 5', limit: 20 });
    // itself, then Nike road shoes, then the other brands' trail shoe before their road shoes.
    expect(offers.map((o) => o.sku)).toEqual(['NIKE-PEGTR-5', 'NIKE-PEG-41', 'NIKE-VOM-18', 'HOKA-SPG-6', 'ASICS-NIM-27', 'ASICS-NIM-26']);
  });
});

describe('catalogue validation', () => {
  const broken = (): Catalogue => structuredClone(CONTRACT_CATALOGUE);

  it('lists every problem of a broken catalogue', () => {
    const catalogue = broken();
    catalogue.models[0].successor = 'Pegasus 99';
    catalogue.models[1].sku = catalogue.models[2].sku;
    delete catalogue.models[3].prices.GBP;
    catalogue.models[4].stock.XX = 1;
    catalogue.models[5].stock.NL = -1;
    catalogue.models[6].prices.EUR = 10.005;
    let error: unknown;
    try {
      parseCatalogue(catalogue, 'broken.json');
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(CatalogueError);
    const problems = (error as CatalogueError).problems.join('\n');
    expect(problems).toMatch(/successor of Nike Pegasus 39, Pegasus 99, is not a Nike model/);
    expect(problems).toMatch(/sku NIKE-PEG-41 appears twice/);
    expect(problems).toMatch(/models\[3\]\.prices has no GBP price/);
    expect(problems).toMatch(/models\[4\]\.stock\.XX is not a region/);
    expect(problems).toMatch(/models\[5\]\.stock\.NL must be an integer ≥ 0/);
    expect(problems).toMatch(/models\[6\]\.prices\.EUR must be a positive amount with at most 2 decimals/);
  });

  it('refuses successors that go round in a circle, and a successor of another brand', () => {
    const circle = broken();
    circle.models[2].successor = 'Pegasus 39';
    expect(() => parseCatalogue(circle)).toThrow(/go round in a circle/);
    const crossBrand = broken();
    crossBrand.models[8].successor = 'Pegasus 41';
    expect(() => parseCatalogue(crossBrand)).toThrow(/is not a Hoka model/);
  });

  it('reports a file that is not JSON', () => {
    const dir = mkdtempSync(join(tmpdir(), 'catalogue-'));
    try {
      const file = join(dir, 'catalogue.json');
      writeFileSync(file, '{ "version": 1,');
      expect(() => new CatalogueCommerce(file)).toThrow(CatalogueError);
      writeFileSync(file, JSON.stringify(CONTRACT_CATALOGUE));
      expect(new CatalogueCommerce(file).file).toBe(file);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
