import type { ShoeOffer } from '../../../core/commerce/types';
import type { NormalisedQuery } from '../replacement-query';
import { type Catalogue, type CatalogueModel, modelKey, nameKey } from './catalogue';

/**
 * The replacements of a worn shoe in stock in the region, best first:
 *   1. its successors, following the declared chain (the nearest in stock first: a Pegasus 39
 *      leads to the Pegasus 40, and to the 41 when the 40 is sold out);
 *   2. the same model again, when it is still sold;
 *   3. other models of the same brand;
 *   4. models of other brands.
 * Within 3 and 4, models of the worn shoe's category (road, trail, racing) come first, then the
 * catalogue's order. A worn shoe the catalogue does not know has no successor and no category.
 * Prices are in the region's currency; a region the store does not sell in has no offers.
 */
export function rankReplacements(catalogue: Catalogue, query: NormalisedQuery): ShoeOffer[] {
  const currency = catalogue.regions[query.region]?.currency;
  if (currency === undefined) return [];
  const byName = new Map(catalogue.models.map((m) => [modelKey(m.brand, m.model), m]));
  const worn = byName.get(modelKey(query.brand, query.model));

  const successors: CatalogueModel[] = [];
  for (let current = worn; current?.successor !== undefined; ) {
    const next = byName.get(modelKey(current.brand, current.successor));
    if (!next || next === worn || successors.includes(next)) break;
    successors.push(next);
    current = next;
  }

  const brand = nameKey(query.brand);
  const rank = (m: CatalogueModel): [number, number] => {
    const successor = successors.indexOf(m);
    if (successor >= 0) return [0, successor];
    if (m === worn) return [1, 0];
    const category = worn !== undefined && m.category === worn.category ? 0 : 1;
    return [nameKey(m.brand) === brand ? 2 : 3, category];
  };

  return catalogue.models
    .map((model, order) => ({ model, order, rank: rank(model) }))
    .filter(({ model }) => (model.stock[query.region] ?? 0) > 0)
    .sort((a, b) => a.rank[0] - b.rank[0] || a.rank[1] - b.rank[1] || a.order - b.order)
    .slice(0, query.limit)
    .map(({ model }) => ({
      sku: model.sku,
      brand: model.brand,
      model: model.model,
      price: { amount: model.prices[currency], currency },
      url: catalogue.urlTemplate.replace('{region}', query.region.toLowerCase()).replace('{sku}', encodeURIComponent(model.sku)),
    }));
}
