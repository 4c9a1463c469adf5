import { Inject, Injectable, OnModuleInit } from '@nestjs/common';
import { CommandProcessor } from '../core/decider';
import type { JobQueue } from '../core/job-queue/types';
import type { ReadStore } from '../core/read-store';
import { COMMERCE, JOB_QUEUE, READ_STORE, SETTINGS } from '../core/tokens';
import type { Commerce } from '../core/commerce/types';
import type { Settings } from '../config/settings';
import { gearWearSaga } from './gear-wear.saga';
import { offerPromo } from './offer-promo.job';
import { PROMO_JOB, shoePromosSaga } from './shoe-promos.saga';
import { ProjectionsService } from '../projections/projections.service';
import { liveNotificationLookups } from '../read/notifications/notification-lookups';
import { challengeResultsSaga } from './challenge-results.saga';
import { deliverPush } from './push-delivery.job';
import { PUSH_JOB, pushDeliverySaga } from './push-delivery.saga';

const PUSH_CONCURRENCY = 16;
const PROMO_CONCURRENCY = 32;

/** Registers the sagas with the projection runners and the workers of the jobs they enqueue. */
@Injectable()
export class SagasService implements OnModuleInit {
  constructor(
    private readonly projections: ProjectionsService,
    private readonly processor: CommandProcessor,
    @Inject(JOB_QUEUE) private readonly jobs: JobQueue,
    @Inject(READ_STORE) private readonly readStore: ReadStore,
    @Inject(COMMERCE) private readonly commerce: Commerce,
    @Inject(SETTINGS) private readonly settings: Settings,
  ) {}

  onModuleInit(): void {
    this.projections.addSaga(pushDeliverySaga(this.jobs, liveNotificationLookups(this.readStore), this.settings.jobMaxAttempts));
    this.projections.addSaga(challengeResultsSaga(this.processor));
    this.projections.addSaga(gearWearSaga(this.processor));
    this.projections.addSaga(shoePromosSaga(this.jobs, this.settings.jobMaxAttempts));
    this.jobs.process(PUSH_JOB, deliverPush(this.processor), { concurrency: PUSH_CONCURRENCY });
    // Store calls wait on the network: many at once, so a slow store does not serialise the promos.
    this.jobs.process(
      PROMO_JOB,
      offerPromo(this.processor, this.commerce, { defaultRegion: this.settings.defaultRegion, validityDays: this.settings.promoValidityDays }),
      { concurrency: PROMO_CONCURRENCY },
    );
  }
}
