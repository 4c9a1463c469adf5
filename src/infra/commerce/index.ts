import type { Settings } from '../../config/settings';
import type { Commerce } from '../../core/commerce/types';
import { CatalogueCommerce } from './catalogue/catalogue-commerce';
import { HttpCommerce, type HttpCommerceOptions } from './http/http-commerce';

export { CatalogueCommerce } from './catalogue/catalogue-commerce';
export { type Catalogue, type CatalogueModel, CatalogueError, findCatalogueFile, loadCatalogue, parseCatalogue } from './catalogue/catalogue';
export { CommerceRequestError, HttpCommerce, type HttpCommerceOptions } from './http/http-commerce';
export { CIRCUIT_STATES, type CircuitState } from './http/circuit-breaker';
export { DEFAULT_LIMIT, MAX_LIMIT } from './replacement-query';

export interface CommerceConfig {
  /** COMMERCE_URL: the store API's base URL. Unset: the embedded catalogue. */
  url?: string;
  /** Timeouts, retries and breaker of the HTTP adapter (docs/commerce.md). */
  http?: Omit<HttpCommerceOptions, 'fetch' | 'now' | 'random' | 'sleep'>;
  /** The embedded mode's catalogue file; default the shipped catalogue.json. */
  catalogueFile?: string;
}

export type CommerceSettings = Pick<
  Settings,
  'commerceUrl' | 'commerceTimeoutMs' | 'commerceRetries' | 'commerceBreakerOpenMs' | 'commerceBreakerFailures' | 'commerceCatalogueFile'
>;

/** What the COMMERCE_* settings ask for (docs/commerce.md, "Settings"). */
export function commerceConfigFrom(settings: CommerceSettings): CommerceConfig {
  return {
    url: settings.commerceUrl,
    http: {
      timeoutMs: settings.commerceTimeoutMs,
      retries: settings.commerceRetries,
      breaker: { failureThreshold: settings.commerceBreakerFailures, openMs: settings.commerceBreakerOpenMs },
    },
    catalogueFile: settings.commerceCatalogueFile,
  };
}

/** The adapter the settings choose: the store API when a URL is set, else the catalogue file. */
export function openCommerce(config: CommerceConfig = {}): Commerce {
  return config.url ? new HttpCommerce(config.url, config.http) : new CatalogueCommerce(config.catalogueFile);
}

/** For the start-up banner (Runtime.describe). */
export function describeCommerce(config: CommerceConfig = {}): string {
  if (config.url) return `store API ${new URL(config.url).origin}`;
  return `catalogue file (${config.catalogueFile ?? 'shipped catalogue.json'})`;
}
