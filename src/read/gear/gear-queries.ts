import { Inject } from '@nestjs/common';
import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { notFound } from '../../core/domain-error';
import type { ReadStore } from '../../core/read-store';
import { READ_STORE } from '../../core/tokens';
import { gearProjection, OFFERS, OfferDocument, SHOES, ShoeDocument } from '../../projections/gear/gear.projection';
import { projectionModels } from '../../projections/projection';
import { decodeCursor, Page, toPage } from '../cursor';

export type ShoeView = Omit<ShoeDocument, 'sort_key' | 'position'>;
export type OfferView = Omit<OfferDocument, 'sort_key'> & { expired: boolean };

export class GetShoe {
  constructor(
    readonly shoeId: string,
    readonly viewerId: string,
  ) {}
}

export class ListShoes {
  constructor(
    readonly ownerId: string,
    readonly limit: number,
    readonly cursor?: string,
  ) {}
}

export class ListOffers {
  constructor(
    readonly ownerId: string,
    readonly limit: number,
    readonly cursor?: string,
  ) {}
}

const view = ({ sort_key: _key, position: _position, ...shoe }: ShoeDocument): ShoeView => shoe;

/** A shoe is its owner's business: anyone else gets 404. */
@QueryHandler(GetShoe)
export class GetShoeHandler implements IQueryHandler<GetShoe, ShoeView> {
  constructor(@Inject(READ_STORE) private readonly readStore: ReadStore) {}

  async execute({ shoeId, viewerId }: GetShoe): Promise<ShoeView> {
    const shoe = await projectionModels(this.readStore, gearProjection).collection<ShoeDocument>(SHOES).get(shoeId);
    if (!shoe || shoe.owner_id !== viewerId) throw notFound(`shoe ${shoeId}`);
    return view(shoe);
  }
}

@QueryHandler(ListShoes)
export class ListShoesHandler implements IQueryHandler<ListShoes, Page<ShoeView>> {
  constructor(@Inject(READ_STORE) private readonly readStore: ReadStore) {}

  async execute({ ownerId, limit, cursor }: ListShoes): Promise<Page<ShoeView>> {
    const rows = await projectionModels(this.readStore, gearProjection)
      .collection<ShoeDocument>(SHOES)
      .list({ where: { owner_id: ownerId }, orderBy: 'sort_key', before: decodeCursor(cursor), limit: limit + 1 });
    return toPage(
      rows.map(([, row]) => row),
      limit,
      view,
    );
  }
}

@QueryHandler(ListOffers)
export class ListOffersHandler implements IQueryHandler<ListOffers, Page<OfferView>> {
  constructor(@Inject(READ_STORE) private readonly readStore: ReadStore) {}

  async execute({ ownerId, limit, cursor }: ListOffers): Promise<Page<OfferView>> {
    const rows = await projectionModels(this.readStore, gearProjection)
      .collection<OfferDocument>(OFFERS)
      .list({ where: { owner_id: ownerId }, orderBy: 'sort_key', before: decodeCursor(cursor), limit: limit + 1 });
    const now = Date.now();
    return toPage(
      rows.map(([, row]) => row),
      limit,
      ({ sort_key: _key, ...offer }) => ({ ...offer, expired: Date.parse(offer.expires_at) <= now }),
    );
  }
}
