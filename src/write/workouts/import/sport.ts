import type { SportType } from '../telemetry-point';

/** What a file says nothing (usable) about its sport becomes. */
export const DEFAULT_SPORT_TYPE: SportType = 'Run';

/** Sports where TelemetryPoint.cad is steps per minute (files carry strides per minute per leg). */
export const FOOT_SPORTS: ReadonlySet<SportType> = new Set<SportType>(['Run', 'TrailRun', 'Walk', 'Hike']);

const normalise = (text: string): string => text.toLowerCase().replace(/[^a-z0-9]/g, '');

/** Free-text sport names (GPX `<type>`), keyed by their normalised form (lower case, letters and digits only). */
const SPORT_WORDS: ReadonlyMap<string, SportType> = new Map(
  (
    [
      ['Run', ['run', 'running', 'road running', 'street running', 'track running', 'treadmill running', 'indoor running', 'virtual run']],
      ['TrailRun', ['trail run', 'trail running']],
      ['Walk', ['walk', 'walking', 'casual walking', 'speed walking', 'indoor walking']],
      ['Hike', ['hike', 'hiking', 'mountaineering']],
      ['Ride', ['ride', 'cycling', 'biking', 'bike', 'road biking', 'road cycling', 'gravel cycling', 'indoor cycling', 'virtual ride', 'e-bike ride', 'e_biking', 'cyclocross']],
      ['MountainBikeRide', ['mountain bike ride', 'mountain biking', 'mountain bike', 'mtb', 'e-mountain bike ride', 'e_bike_mountain']],
      ['Swim', ['swim', 'swimming', 'lap swimming', 'open water swimming', 'pool swimming']],
      ['Workout', ['workout', 'training', 'strength training', 'cardio', 'fitness equipment', 'yoga', 'hiit', 'other']],
    ] satisfies [SportType, string[]][]
  ).flatMap(([sport, words]) => words.map((word): [string, SportType] => [normalise(word), sport])),
);

/** GPX `<trk><type>`: a free-text word ("running", "cycling", Strava's "Run"...); unknown words give the default. */
export function sportFromWord(word: string | undefined): SportType {
  return (word === undefined ? undefined : SPORT_WORDS.get(normalise(word))) ?? DEFAULT_SPORT_TYPE;
}

/** TCX `<Activity Sport>`: the schema allows exactly Running, Biking and Other. */
export function sportFromTcx(sport: string | undefined): SportType {
  switch (sport?.trim().toLowerCase()) {
    case 'running':
      return 'Run';
    case 'biking':
      return 'Ride';
    case 'other':
      return 'Workout';
    default:
      return DEFAULT_SPORT_TYPE;
  }
}

const FIT_MOUNTAIN_BIKE_SUB_SPORTS: ReadonlySet<string> = new Set([
  'mountain',
  'downhill',
  'e_bike_mountain',
  'mountain_enduro',
  'mountain_downhill',
  'enduro',
  'e_bike_enduro',
]);

/**
 * FIT session `sport` / `sub_sport` (fit-file-parser gives their profile names, or the number
 * when the profile does not know it). `generic`, absent or unknown numbers give the default;
 * any other named sport that has no SportType of its own (rowing, skiing, yoga...) is a 'Workout'.
 */
export function sportFromFit(sport: string | number | undefined, subSport: string | number | undefined): SportType {
  switch (sport) {
    case undefined:
    case 'generic':
      return DEFAULT_SPORT_TYPE;
    case 'running':
      return subSport === 'trail' ? 'TrailRun' : 'Run';
    case 'walking':
      return 'Walk';
    case 'hiking':
    case 'mountaineering':
      return 'Hike';
    case 'cycling':
    case 'e_biking':
      return typeof subSport === 'string' && FIT_MOUNTAIN_BIKE_SUB_SPORTS.has(subSport) ? 'MountainBikeRide' : 'Ride';
    case 'swimming':
      return 'Swim';
    default:
      return typeof sport === 'number' ? DEFAULT_SPORT_TYPE : 'Workout';
  }
}
