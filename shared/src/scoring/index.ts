// The scoring engine (DESIGN §5): pure, no I/O, no clock reads (`asOf` is passed in).
// Hot-path building blocks on epoch milliseconds for the server's rescoring, and `scorePlan`
// for the `kpi score` JSON shape.
export {
  DAY_MS,
  DEFAULT_MAX_AGE_DAYS,
  MAX_UNMET_RATIO,
  directionOf,
  finalTarget,
  isMet,
  latestObservation,
  newAssignmentScore,
  scoreAssignment,
  scoreAssignmentInto,
  targetInForce,
  targetValue,
  unmetScore,
} from './engine.js';
export { aggregateAgency, rankAgencies, resolveWeight } from './aggregate.js';
export { RankIndex } from './rank-index.js';
export { roundHalfAwayFromZero, roundScore } from './round.js';
export { parseIsoMs } from './iso-date.js';
export { MAX_VALIDATION_ERRORS, validateScoringInput } from './validate.js';
export { ScoringInputError, scorePlan } from './score-plan.js';
export type {
  AgencyAggregate,
  AssignmentScore,
  Direction,
  FieldError,
  LatestObservation,
  RankInput,
  ScorePlanAgencyRow,
  ScorePlanIndicatorRow,
  ScorePlanInput,
  ScorePlanOutput,
  ScoreStatus,
  ScoringIndicator,
  ScoringInput,
  ScoringInputAgency,
  ScoringInputAssignment,
  ScoringInputIndicator,
  ScoringInputObservation,
  ScoringOptions,
  ScoringValidation,
  Trajectory,
  WeightedScore,
} from './types.js';
