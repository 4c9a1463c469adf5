import { SPORT_TYPES } from '../telemetry-point';
import { DEFAULT_SPORT_TYPE, sportFromFit, sportFromTcx, sportFromWord } from './sport';

describe('sport mapping', () => {
  it('defaults to Run', () => {
    expect(DEFAULT_SPORT_TYPE).toBe('Run');
    expect(sportFromWord(undefined)).toBe('Run');
    expect(sportFromTcx(undefined)).toBe('Run');
    expect(sportFromFit(undefined, undefined)).toBe('Run');
    expect(sportFromFit('generic', 'generic')).toBe('Run');
    expect(sportFromFit(254, 0)).toBe('Run');
  });

  it('understands every SportType name as a GPX <type>', () => {
    for (const sport of SPORT_TYPES) expect(sportFromWord(sport)).toBe(sport);
  });

  it.each([
    ['running', 'Run'],
    ['Trail Running', 'TrailRun'],
    ['walking', 'Walk'],
    ['Hiking', 'Hike'],
    ['road_biking', 'Ride'],
    ['mountain_biking', 'MountainBikeRide'],
    ['open_water_swimming', 'Swim'],
    ['strength_training', 'Workout'],
    ['underwater basket weaving', 'Run'],
  ])('maps GPX <type>%s</type> to %s', (word, sport) => {
    expect(sportFromWord(word)).toBe(sport);
  });

  it.each([
    ['running', 'street', 'Run'],
    ['running', 'treadmill', 'Run'],
    ['running', 'trail', 'TrailRun'],
    ['walking', 'generic', 'Walk'],
    ['hiking', 'generic', 'Hike'],
    ['cycling', 'road', 'Ride'],
    ['cycling', 'mountain', 'MountainBikeRide'],
    ['e_biking', 'e_bike_mountain', 'MountainBikeRide'],
    ['swimming', 'open_water', 'Swim'],
    ['training', 'yoga', 'Workout'],
    ['alpine_skiing', 'generic', 'Workout'],
  ])('maps FIT sport %s/%s to %s', (sport, subSport, expected) => {
    expect(sportFromFit(sport, subSport)).toBe(expected);
  });
});
