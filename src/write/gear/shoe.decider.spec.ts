import { given } from '../../core/decider/testing';
import { fold } from '../../core/decider';
import type { ShoeEvent, ShoeRegistered } from './events';
import { shoeDecider, ShoeCommand } from './shoe.decider';

const registered: ShoeRegistered = { type: 'ShoeRegistered', data: { shoe_id: 's1', owner_id: 'ann', brand_name: 'Asics', model_name: 'Novablast 4', lifespan_km: 100 } };
const wear = (workoutId: string, distance: number): ShoeCommand => ({ type: 'WearForWorkout', shoeId: 's1', workoutId, distance });
const unwear = (workoutId: string): ShoeCommand => ({ type: 'UnwearForWorkout', shoeId: 's1', workoutId });

/** Applies commands one after another and returns every event they raised. */
function run(commands: ShoeCommand[], past: ShoeEvent[] = [registered]): ShoeEvent[] {
  const history = [...past];
  for (const command of commands) history.push(...shoeDecider.decide(command, fold(shoeDecider, history)));
  return history.slice(past.length);
}

describe('shoe decider', () => {
  it('given nothing, when Ann registers a shoe, then it is registered', () => {
    given(shoeDecider, []).when({ type: 'RegisterShoe', shoeId: 's1', ownerId: 'ann', brandName: 'Asics', modelName: 'Novablast 4', lifespanKm: 100 }).then([registered]);
  });

  it('given a shoe, when someone else registers the same id, then it conflicts', () => {
    given(shoeDecider, [registered]).when({ type: 'RegisterShoe', shoeId: 's1', ownerId: 'bob', brandName: 'x', modelName: 'y', lifespanKm: 800 }).thenFails('shoe_exists', 'conflict');
  });

  it('given a shoe, when a workout is worn, then its distance counts', () => {
    given(shoeDecider, [registered]).when(wear('w1', 10_000)).then([{ type: 'ShoeWorn', data: { shoe_id: 's1', workout_id: 'w1', distance: 10_000, total_distance: 10_000 } }]);
  });

  it('given a worn workout, when the same wear is reported again, then nothing changes', () => {
    given(shoeDecider, [registered, ...run([wear('w1', 10_000)])]).when(wear('w1', 10_000)).then([]);
  });

  it('given 70 km, when a workout takes it past 75 %, then the threshold is reached once', () => {
    const events = run([wear('w1', 70_000), wear('w2', 6_000)]);
    expect(events.filter((e) => e.type === 'ShoeWearThresholdReached').map((e) => e.data)).toEqual([
      { shoe_id: 's1', owner_id: 'ann', threshold: 75, total_distance: 76_000, lifespan_km: 100, brand_name: 'Asics', model_name: 'Novablast 4' },
    ]);
  });

  it('given one long workout, when it crosses several thresholds at once, then each is reached', () => {
    const thresholds = run([wear('w1', 101_000)]).flatMap((e) => (e.type === 'ShoeWearThresholdReached' ? [e.data.threshold] : []));
    expect(thresholds).toEqual([75, 90, 100]);
  });

  it('given a threshold reached, when reassignment moves the distance back and forth across it, then it is never raised again', () => {
    const events = run([wear('w1', 70_000), wear('w2', 6_000), unwear('w2'), wear('w2', 6_000), unwear('w2'), wear('w3', 6_000)]);
    expect(events.filter((e) => e.type === 'ShoeWearThresholdReached')).toHaveLength(1);
    expect(events.filter((e) => e.type === 'ShoeUnworn')).toHaveLength(2);
  });

  it('given a worn workout, when it is unworn twice, then the distance goes once', () => {
    const events = run([wear('w1', 5_000), unwear('w1'), unwear('w1')]);
    expect(events.map((e) => e.type)).toEqual(['ShoeWorn', 'ShoeUnworn']);
  });

  it('given a reached threshold, when a promo is offered twice for it, then it is offered once', () => {
    const offer = { sku: 'A1', brand: 'Asics', model: 'Novablast 5', price: { amount: 150, currency: 'EUR' }, url: 'https://shop.example/a1' };
    const promo: ShoeCommand = { type: 'OfferPromo', shoeId: 's1', threshold: 75, region: 'NL', offers: [offer], expiresAt: '2026-12-31T00:00:00.000Z' };
    const events = run([wear('w1', 80_000), promo, promo]);
    expect(events.filter((e) => e.type === 'PromoOffered')).toHaveLength(1);
  });

  it('given a shoe below 90 %, when a promo for 90 % is offered, then the rule is broken', () => {
    given(shoeDecider, [registered, ...run([wear('w1', 80_000)])])
      .when({ type: 'OfferPromo', shoeId: 's1', threshold: 90, region: 'NL', offers: [], expiresAt: '2026-12-31T00:00:00.000Z' })
      .thenFails('threshold_not_reached', 'rule_violated');
  });

  it('given a shoe, when someone else retires it, then it is forbidden; when the owner does, it is retired once', () => {
    given(shoeDecider, [registered]).when({ type: 'RetireShoe', shoeId: 's1', actorId: 'bob' }).thenFails('forbidden', 'forbidden');
    given(shoeDecider, [registered]).when({ type: 'RetireShoe', shoeId: 's1', actorId: 'ann' }).then([{ type: 'ShoeRetired', data: { shoe_id: 's1', owner_id: 'ann' } }]);
    given(shoeDecider, [registered, { type: 'ShoeRetired', data: { shoe_id: 's1', owner_id: 'ann' } }]).when({ type: 'RetireShoe', shoeId: 's1', actorId: 'ann' }).then([]);
  });
});
