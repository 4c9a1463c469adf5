/**
 * The sporting-goods company's store, as the promo saga needs it: which replacement shoes are in
 * stock in a region. Over HTTP in production (COMMERCE_URL), an embedded catalogue file otherwise.
 */
export interface ShoeOffer {
  sku: string;
  brand: string;
  model: string;
  price: { amount: number; currency: string };
  /** Where the athlete can buy it. */
  url: string;
}

export interface ReplacementQuery {
  /** ISO 3166-1 alpha-2 country code, upper case (e.g. NL). */
  region: string;
  /** The worn-out shoe. */
  brand: string;
  model: string;
  /** Default 3. */
  limit?: number;
}

export interface Commerce {
  /**
   * Replacement models in stock in the region, best match first (the same model's successor,
   * then the same brand, then others); empty when nothing is in stock. Throws
   * CommerceUnavailableError when the store cannot answer now (down, slow, failing, circuit open):
   * the caller retries later.
   */
  replacementsInStock(query: ReplacementQuery): Promise<ShoeOffer[]>;
  ping(): Promise<void>;
  close(): Promise<void>;
}

export class CommerceUnavailableError extends Error {
  override readonly name = 'CommerceUnavailableError';
  constructor(
    message: string,
    readonly retryAfterMs?: number,
  ) {
    super(message);
  }
}
