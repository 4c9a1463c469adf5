import { type Commerce, CommerceUnavailableError, type ShoeOffer } from '../../core/commerce/types';
import type { Catalogue, CatalogueModel } from './catalogue/catalogue';

/**
 * A small catalogue with the cases the ranking must get right: a successor chain with a sold-out
 * link (Pegasus 39 → 40 → 41), a discontinued model still in stock (Gel-Nimbus 26), a region the
 * store sells in with nothing in stock (BE), several brands and categories.
 */
export const CONTRACT_CATALOGUE: Catalogue = {
  version: 1,
  urlTemplate: 'https://store.example.com/{region}/p/{sku}',
  regions: { NL: { currency: 'EUR' }, DE: { currency: 'EUR' }, BE: { currency: 'EUR' }, GB: { currency: 'GBP' }, US: { currency: 'USD' } },
  models: [
    model('NIKE-PEG-39', 'Nike', 'Pegasus 39', 'road', [109.99, 120, 99.99], {}, 'Pegasus 40'),
    model('NIKE-PEG-40', 'Nike', 'Pegasus 40', 'road', [119.99, 130, 109.99], { DE: 2 }, 'Pegasus 41'),
    model('NIKE-PEG-41', 'Nike', 'Pegasus 41', 'road', [139.99, 140, 124.99], { NL: 5, DE: 1, US: 3 }),
    model('NIKE-PEGTR-5', 'Nike', 'Pegasus Trail 5', 'trail', [149.99, 150, 134.99], { NL: 2, GB: 1 }),
    model('NIKE-VOM-18', 'Nike', 'Vomero 18', 'road', [159.99, 150, 144.99], { NL: 4, GB: 0 }),
    model('ASICS-NIM-27', 'Asics', 'Gel-Nimbus 27', 'road', [199.95, 165, 170], { NL: 3, DE: 2, GB: 5, US: 1 }),
    model('ASICS-NIM-26', 'Asics', 'Gel-Nimbus 26', 'road', [179.95, 160, 160], { NL: 1 }, 'Gel-Nimbus 27'),
    model('HOKA-SPG-6', 'Hoka', 'Speedgoat 6', 'trail', [159.99, 155, 145], { NL: 6, DE: 1 }),
    model('HOKA-CLI-10', 'Hoka', 'Clifton 10', 'road', [149.99, 145, 130], { NL: 0, GB: 2, US: 4 }),
    model('BROOKS-GHO-16', 'Brooks', 'Ghost 16', 'road', [149.95, 140, 130], { US: 2 }),
  ],
};

function model(
  sku: string,
  brand: string,
  name: string,
  category: CatalogueModel['category'],
  [EUR, USD, GBP]: [number, number, number],
  stock: Record<string, number>,
  successor?: string,
): CatalogueModel {
  return { sku, brand, model: name, category, ...(successor ? { successor } : {}), prices: { EUR, USD, GBP }, stock };
}

const skus = (offers: readonly ShoeOffer[]): string[] => offers.map((o) => o.sku);

function inStock(region: string): string[] {
  return CONTRACT_CATALOGUE.models.filter((m) => (m.stock[region] ?? 0) > 0).map((m) => m.sku);
}

/**
 * The behaviour every Commerce adapter must have. `open` is called once per test with
 * CONTRACT_CATALOGUE: the adapter must serve it (the catalogue adapter reads it; the HTTP adapter
 * talks to a fake store that serves it). Every adapter opened is closed after its test.
 */
export function describeCommerceContract(adapterName: string, open: (catalogue: Catalogue) => Promise<Commerce>): void {
  describe(`Commerce contract: ${adapterName}`, () => {
    const opened: Commerce[] = [];
    const commerce = async (): Promise<Commerce> => {
      const created = await open(CONTRACT_CATALOGUE);
      opened.push(created);
      return created;
    };

    afterEach(async () => {
      await Promise.all(opened.splice(0).map((c) => c.close()));
    });

    it('offers only models in stock in the region, each once', async () => {
      const store = await commerce();
      const nl = await store.replacementsInStock({ region: 'NL', brand: 'Nike', model: 'Pegasus 39', limit: 20 });
      expect([...skus(nl)].sort()).toEqual(inStock('NL').sort());
      const us = await store.replacementsInStock({ region: 'US', brand: 'Nike', model: 'Pegasus 39', limit: 20 });
      expect([...skus(us)].sort()).toEqual(inStock('US').sort());
    });

    it("puts the worn model's successor first, following the chain past a sold-out successor", async () => {
      const store = await commerce();
      // NL has no Pegasus 40 left: the chain leads on to the 41.
      expect(skus(await store.replacementsInStock({ region: 'NL', brand: 'Nike', model: 'Pegasus 39' }))[0]).toBe('NIKE-PEG-41');
      // DE still has the 40: the nearest successor first, then the next one.
      expect(skus(await store.replacementsInStock({ region: 'DE', brand: 'Nike', model: 'Pegasus 39' })).slice(0, 2)).toEqual(['NIKE-PEG-40', 'NIKE-PEG-41']);
      expect(skus(await store.replacementsInStock({ region: 'NL', brand: 'Asics', model: 'Gel-Nimbus 26' }))[0]).toBe('ASICS-NIM-27');
    });

    it('offers the same brand before other brands, the same model again right after its successors', async () => {
      const store = await commerce();
      const offers = await store.replacementsInStock({ region: 'NL', brand: 'Nike', model: 'Pegasus 41', limit: 20 });
      const brands = offers.map((o) => o.brand);
      expect(brands.lastIndexOf('Nike')).toBeLessThan(brands.findIndex((b) => b !== 'Nike'));
      expect(offers[0].sku).toBe('NIKE-PEG-41');
      const nimbus = await store.replacementsInStock({ region: 'NL', brand: 'Asics', model: 'Gel-Nimbus 26', limit: 2 });
      expect(skus(nimbus)).toEqual(['ASICS-NIM-27', 'ASICS-NIM-26']);
    });

    it('returns at most `limit` offers (3 by default), the best ones', async () => {
      const store = await commerce();
      const all = await store.replacementsInStock({ region: 'NL', brand: 'Nike', model: 'Pegasus 39', limit: 20 });
      expect(all.length).toBe(inStock('NL').length);
      expect(await store.replacementsInStock({ region: 'NL', brand: 'Nike', model: 'Pegasus 39' })).toEqual(all.slice(0, 3));
      expect(await store.replacementsInStock({ region: 'NL', brand: 'Nike', model: 'Pegasus 39', limit: 1 })).toEqual(all.slice(0, 1));
      expect(await store.replacementsInStock({ region: 'NL', brand: 'Nike', model: 'Pegasus 39', limit: 5 })).toEqual(all.slice(0, 5));
    });

    it('is empty for a region with nothing in stock, and for a region the store does not sell in', async () => {
      const store = await commerce();
      expect(await store.replacementsInStock({ region: 'BE', brand: 'Nike', model: 'Pegasus 39' })).toEqual([]);
      expect(await store.replacementsInStock({ region: 'JP', brand: 'Nike', model: 'Pegasus 39' })).toEqual([]);
    });

    it('still offers models in stock for a worn shoe the store does not know', async () => {
      const store = await commerce();
      const offers = await store.replacementsInStock({ region: 'GB', brand: 'Mizuno', model: 'Wave Rider 27', limit: 20 });
      expect([...skus(offers)].sort()).toEqual(inStock('GB').sort());
    });

    it('matches brand and model ignoring case and extra spaces', async () => {
      const store = await commerce();
      const exact = await store.replacementsInStock({ region: 'DE', brand: 'Nike', model: 'Pegasus 39' });
      expect(await store.replacementsInStock({ region: 'DE', brand: ' NIKE', model: 'pegasus   39 ' })).toEqual(exact);
    });

    it("gives offers of the port's shape, priced in the region's currency, with a product URL", async () => {
      const store = await commerce();
      for (const [region, currency] of [['NL', 'EUR'], ['GB', 'GBP'], ['US', 'USD']] as const) {
        const offers = await store.replacementsInStock({ region, brand: 'Nike', model: 'Pegasus 39', limit: 20 });
        expect(offers.length).toBeGreaterThan(0);
        for (const offer of offers) {
          expect(Object.keys(offer).sort()).toEqual(['brand', 'model', 'price', 'sku', 'url']);
          expect(Object.keys(offer.price).sort()).toEqual(['amount', 'currency']);
          const listed = CONTRACT_CATALOGUE.models.find((m) => m.sku === offer.sku);
          expect(listed).toBeDefined();
          expect(offer).toEqual({
            sku: listed!.sku,
            brand: listed!.brand,
            model: listed!.model,
            price: { amount: listed!.prices[currency], currency },
            url: `https://store.example.com/${region.toLowerCase()}/p/${listed!.sku}`,
          });
        }
      }
    });

    it('refuses an invalid query with an error that is not CommerceUnavailableError', async () => {
      const store = await commerce();
      const invalid = [
        { region: 'nl', brand: 'Nike', model: 'Pegasus 39' },
        { region: 'NLD', brand: 'Nike', model: 'Pegasus 39' },
        { region: 'NL', brand: ' ', model: 'Pegasus 39' },
        { region: 'NL', brand: 'Nike', model: '' },
        { region: 'NL', brand: 'Nike', model: 'Pegasus 39', limit: 0 },
        { region: 'NL', brand: 'Nike', model: 'Pegasus 39', limit: 1.5 },
        { region: 'NL', brand: 'Nike', model: 'Pegasus 39', limit: 1000 },
      ];
      for (const query of invalid) {
        const error = await store.replacementsInStock(query).then(
          () => undefined,
          (e: unknown) => e,
        );
        expect(error).toBeInstanceOf(Error);
        expect(error).not.toBeInstanceOf(CommerceUnavailableError);
      }
    });

    it('answers ping while open, and refuses calls once closed', async () => {
      const store = await commerce();
      await expect(store.ping()).resolves.toBeUndefined();
      await store.close();
      await expect(store.replacementsInStock({ region: 'NL', brand: 'Nike', model: 'Pegasus 39' })).rejects.toThrow(/closed/);
      await expect(store.ping()).rejects.toThrow(/closed/);
    });
  });
}
