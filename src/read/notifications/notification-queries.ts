import { Inject } from '@nestjs/common';
import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import type { ReadStore } from '../../core/read-store';
import { READ_STORE } from '../../core/tokens';
import { INBOX, InboxDocument, notificationsProjection } from '../../projections/notifications/notifications.projection';
import type { Notification } from '../../projections/notifications/notifications-for';
import { projectionModels } from '../../projections/projection';
import { decodeCursor, Page, toPage } from '../cursor';

export class GetNotifications {
  constructor(
    readonly userId: string,
    readonly limit: number,
    readonly cursor?: string,
  ) {}
}

@QueryHandler(GetNotifications)
export class GetNotificationsHandler implements IQueryHandler<GetNotifications, Page<Notification>> {
  constructor(@Inject(READ_STORE) private readonly readStore: ReadStore) {}

  async execute({ userId, limit, cursor }: GetNotifications): Promise<Page<Notification>> {
    const rows = await projectionModels(this.readStore, notificationsProjection)
      .collection<InboxDocument>(INBOX)
      .list({ where: { owner: userId }, orderBy: 'sort_key', before: decodeCursor(cursor), limit: limit + 1 }, { readOnly: true });
    return toPage(
      rows.map(([, row]) => row),
      limit,
      ({ owner: _owner, sort_key: _key, ...notification }) => notification,
    );
  }
}
