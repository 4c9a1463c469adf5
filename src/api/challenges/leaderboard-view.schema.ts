/**
 * The JSON Schema of a `LeaderboardView` (src/read/challenges/leaderboard-queries.ts), as the
 * route's 200 response schema: Fastify compiles a serialiser from it, which wrote this answer
 * (23 entries) in about half the time `JSON.stringify` took. Keep it in step with
 * `LeaderboardView`: a field missing here is dropped from the response
 * (`leaderboard-route.spec.ts` checks the whole answer).
 */
const RANK_VIEW = {
  type: 'object',
  properties: {
    rank: { type: 'integer' },
    user_id: { type: 'string' },
    score: { type: 'number' },
  },
  required: ['rank', 'user_id', 'score'],
} as const;

export const LEADERBOARD_VIEW_SCHEMA = {
  type: 'object',
  properties: {
    challenge_id: { type: 'string' },
    kind: { type: 'string' },
    participants_ranked: { type: 'integer' },
    entries: { type: 'array', items: RANK_VIEW },
    me: RANK_VIEW,
  },
  required: ['challenge_id', 'kind', 'participants_ranked', 'entries'],
} as const;
