import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
// Type-only: keeps catalogue.json in the TypeScript program, so `tsc` emits it beside this file in
// dist/ (the Docker image ships dist/ and not src/). Nothing is loaded here; the file is read at run time.
import type ShippedCatalogue from './catalogue.json';

/** The shape of the shipped file as TypeScript sees it (checked for real by parseCatalogue). */
export type ShippedCatalogueJson = typeof ShippedCatalogue;

export type ShoeCategory = 'road' | 'trail' | 'racing';
export const SHOE_CATEGORIES: readonly ShoeCategory[] = ['road', 'trail', 'racing'];

export interface CatalogueModel {
  sku: string;
  brand: string;
  model: string;
  category: ShoeCategory;
  /** The model (of the same brand) that replaces this one, when one is declared. */
  successor?: string;
  /** Price per ISO 4217 currency, in major units (149.95); one for every region's currency. */
  prices: Record<string, number>;
  /** Pairs in stock per region (ISO 3166-1 alpha-2); a missing region has none. */
  stock: Record<string, number>;
}

/** The embedded store: what the company sells, where, at what price, with how much stock. */
export interface Catalogue {
  version: 1;
  /** Product page of an offer: `{region}` (lower case) and `{sku}` are filled in. */
  urlTemplate: string;
  /** The regions the store sells in, with the currency it charges there. */
  regions: Record<string, { currency: string }>;
  /** In the merchandisers' order of preference, which breaks ties in the ranking. */
  models: CatalogueModel[];
}

export class CatalogueError extends Error {
  override readonly name = 'CatalogueError';
  constructor(
    readonly source: string,
    readonly problems: readonly string[],
  ) {
    super(`invalid catalogue ${source}:\n  - ${problems.join('\n  - ')}`);
  }
}

export const CATALOGUE_FILE_NAME = 'catalogue.json';
const CATALOGUE_FROM_ROOT = join('src', 'infra', 'commerce', 'catalogue', CATALOGUE_FILE_NAME);

/**
 * The shipped catalogue file: beside the running module (src/ under jest and ts-node; dist/ after
 * `tsc`, which emits it there), else `src/infra/commerce/catalogue/catalogue.json` in the first
 * directory above that has one (e.g. a build tool that does not emit JSON).
 */
export function findCatalogueFile(from: string = __dirname): string {
  const beside = join(from, CATALOGUE_FILE_NAME);
  if (existsSync(beside)) return beside;
  let dir = from;
  for (;;) {
    const candidate = join(dir, CATALOGUE_FROM_ROOT);
    if (existsSync(candidate)) return candidate;
    const parent = dirname(dir);
    if (parent === dir) throw new Error(`no ${CATALOGUE_FILE_NAME} beside ${from} nor ${CATALOGUE_FROM_ROOT} above it`);
    dir = parent;
  }
}

export function loadCatalogue(file: string = findCatalogueFile()): Catalogue {
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new CatalogueError(file, [error instanceof Error ? error.message : String(error)]);
  }
  return parseCatalogue(json, file);
}

/** Brand and model names compare trimmed, with runs of spaces as one, case-insensitively. */
export function nameKey(name: string): string {
  return name.trim().replace(/\s+/g, ' ').toLowerCase();
}

export function modelKey(brand: string, model: string): string {
  return `${nameKey(brand)}\u0000${nameKey(model)}`;
}

/**
 * Checks everything the ranking relies on and returns a clean copy: unique skus and models,
 * a positive price in every region's currency, stock as non-negative integers for known regions,
 * successors that exist in the same brand with no cycle. Throws CatalogueError listing every problem.
 */
export function parseCatalogue(json: unknown, source = 'catalogue'): Catalogue {
  const problems: string[] = [];
  if (!isRecord(json)) throw new CatalogueError(source, ['the catalogue is not a JSON object']);
  if (json.version !== 1) problems.push(`version must be 1, got ${JSON.stringify(json.version)}`);

  const urlTemplate = typeof json.urlTemplate === 'string' ? json.urlTemplate : '';
  if (!urlTemplate.includes('{sku}') || !isHttpUrl(urlTemplate.replace('{region}', 'nl').replace('{sku}', 'sku'))) {
    problems.push('urlTemplate must be an absolute http(s) URL with a {sku} placeholder');
  }

  const regions: Record<string, { currency: string }> = {};
  if (!isRecord(json.regions) || Object.keys(json.regions).length === 0) problems.push('regions must be a non-empty object');
  else {
    for (const [region, value] of Object.entries(json.regions)) {
      const currency = isRecord(value) ? value.currency : undefined;
      if (!/^[A-Z]{2}$/.test(region)) problems.push(`region ${JSON.stringify(region)} is not an upper-case ISO 3166-1 alpha-2 code`);
      else if (typeof currency !== 'string' || !/^[A-Z]{3}$/.test(currency)) problems.push(`regions.${region}.currency must be an ISO 4217 code`);
      else regions[region] = { currency };
    }
  }
  const currencies = new Set(Object.values(regions).map((r) => r.currency));

  const models: CatalogueModel[] = [];
  if (!Array.isArray(json.models) || json.models.length === 0) problems.push('models must be a non-empty array');
  else {
    const entries: readonly unknown[] = json.models;
    entries.forEach((entry, i) => {
      const model = parseModel(entry, `models[${i}]`, regions, currencies, problems);
      if (model) models.push(model);
    });
  }

  const bySku = new Set<string>();
  const byName = new Map<string, CatalogueModel>();
  for (const m of models) {
    if (bySku.has(m.sku)) problems.push(`sku ${m.sku} appears twice`);
    bySku.add(m.sku);
    const key = modelKey(m.brand, m.model);
    if (byName.has(key)) problems.push(`${m.brand} ${m.model} appears twice`);
    byName.set(key, m);
  }
  for (const m of models) {
    if (m.successor === undefined) continue;
    const seen = new Set<CatalogueModel>([m]);
    let current: CatalogueModel | undefined = m;
    while (current?.successor !== undefined) {
      const next = byName.get(modelKey(current.brand, current.successor));
      if (!next) {
        problems.push(`the successor of ${current.brand} ${current.model}, ${current.successor}, is not a ${current.brand} model of the catalogue`);
        break;
      }
      if (seen.has(next)) {
        problems.push(`the successors of ${m.brand} ${m.model} go round in a circle`);
        break;
      }
      seen.add(next);
      current = next;
    }
  }

  if (problems.length > 0) throw new CatalogueError(source, [...new Set(problems)]);
  return { version: 1, urlTemplate, regions, models };
}

function parseModel(
  entry: unknown,
  at: string,
  regions: Record<string, { currency: string }>,
  currencies: ReadonlySet<string>,
  problems: string[],
): CatalogueModel | undefined {
  if (!isRecord(entry)) {
    problems.push(`${at} is not an object`);
    return undefined;
  }
  const before = problems.length;
  const text = (field: string): string => {
    const value = entry[field];
    if (typeof value !== 'string' || value.trim().length === 0 || value !== value.trim()) {
      problems.push(`${at}.${field} must be a non-empty string without surrounding spaces`);
      return '';
    }
    return value;
  };
  const sku = text('sku');
  if (sku && !/^[A-Za-z0-9][A-Za-z0-9._-]*$/.test(sku)) problems.push(`${at}.sku may hold only letters, digits, '.', '_' and '-'`);
  const brand = text('brand');
  const model = text('model');
  const category = SHOE_CATEGORIES.find((c) => c === entry.category);
  if (!category) problems.push(`${at}.category must be one of ${SHOE_CATEGORIES.join(', ')}`);
  const successor = entry.successor === undefined ? undefined : text('successor');

  const prices: Record<string, number> = {};
  if (!isRecord(entry.prices)) problems.push(`${at}.prices must be an object`);
  else {
    for (const [currency, amount] of Object.entries(entry.prices)) {
      if (!currencies.has(currency)) problems.push(`${at}.prices.${currency} is not the currency of any region`);
      else if (typeof amount !== 'number' || !Number.isFinite(amount) || amount <= 0 || Math.abs(Math.round(amount * 100) - amount * 100) > 1e-6) {
        problems.push(`${at}.prices.${currency} must be a positive amount with at most 2 decimals`);
      } else prices[currency] = amount;
    }
    for (const currency of currencies) if (!(currency in entry.prices)) problems.push(`${at}.prices has no ${currency} price`);
  }

  const stock: Record<string, number> = {};
  if (!isRecord(entry.stock)) problems.push(`${at}.stock must be an object`);
  else {
    for (const [region, pairs] of Object.entries(entry.stock)) {
      if (!(region in regions)) problems.push(`${at}.stock.${region} is not a region of the catalogue`);
      else if (typeof pairs !== 'number' || !Number.isInteger(pairs) || pairs < 0) problems.push(`${at}.stock.${region} must be an integer ≥ 0`);
      else stock[region] = pairs;
    }
  }
  if (problems.length > before || !category) return undefined;
  return successor === undefined ? { sku, brand, model, category, prices, stock } : { sku, brand, model, category, successor, prices, stock };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isHttpUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return url.protocol === 'https:' || url.protocol === 'http:';
  } catch {
    return false;
  }
}
