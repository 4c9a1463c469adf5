import type { Commerce, ReplacementQuery, ShoeOffer } from '../../../core/commerce/types';
import { normaliseQuery } from '../replacement-query';
import { type Catalogue, findCatalogueFile, loadCatalogue, parseCatalogue } from './catalogue';
import { rankReplacements } from './replacements';

/**
 * Commerce from a catalogue file, for the embedded mode (no COMMERCE_URL): the same ranking the
 * store API documents, over the models, prices and stock of the file. Read once, at construction;
 * never unavailable.
 */
export class CatalogueCommerce implements Commerce {
  private readonly catalogue: Catalogue;
  /** The file read, when built from one. */
  readonly file: string | undefined;
  private closed = false;

  /** `source`: a catalogue file (default: the shipped `catalogue.json`) or a catalogue already in memory. */
  constructor(source: string | Catalogue = findCatalogueFile()) {
    this.file = typeof source === 'string' ? source : undefined;
    this.catalogue = typeof source === 'string' ? loadCatalogue(source) : parseCatalogue(source, 'given in memory');
  }

  async replacementsInStock(query: ReplacementQuery): Promise<ShoeOffer[]> {
    this.assertOpen();
    return rankReplacements(this.catalogue, normaliseQuery(query));
  }

  async ping(): Promise<void> {
    this.assertOpen();
  }

  async close(): Promise<void> {
    this.closed = true;
  }

  private assertOpen(): void {
    if (this.closed) throw new Error('CatalogueCommerce is closed');
  }
}
