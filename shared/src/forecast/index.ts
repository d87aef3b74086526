// Early warning (DESIGN §6): the forecaster, the naive baseline, explanations, the CLI shape and
// the evaluation harness. Pure TypeScript: no I/O, no clock reads, seeded randomness only.
export * from './types.js';
export { DAY_MS, boundsOf, directionOf, isPercent, isRank, meetsTarget, targetValueOf, type Bounds } from './target.js';
export { prepareObservations } from './prepare.js';
export { forecastAssignment, type AssignmentForecastInput } from './assignment.js';
export {
  DEFAULT_COMBINATIONS,
  combineProbability,
  fitCombination,
  type Combination,
  type CombinationSignals,
} from './combine.js';
export {
  BLEND_DAYS,
  EVIDENCE_FEATURES,
  EVIDENCE_SIGNS,
  blendedEvidenceProbability,
  evidenceFeatures,
  evidenceProbability,
  fitEvidenceModel,
  type EvidenceContext,
  type EvidenceModel,
  type EvidenceModels,
} from './evidence.js';
export { DEFAULT_EVIDENCE_MODEL } from './evidence-model.js';
export {
  DEFAULT_TUNING,
  METHODS,
  ensembleMethod,
  holtDampedMethod,
  localTrendMethod,
  logisticMethod,
  mixture,
  theilSenMethod,
  type MethodContext,
  type Predictive,
  type Tuning,
} from './methods.js';
export {
  DEFAULT_MAX_AGE_DAYS,
  DEFAULT_METHOD,
  DEFAULT_THRESHOLDS,
  INTERVAL,
  evidenceFeaturesOf,
  forecast,
  levelFromProbability,
  naiveTrajectory,
  resolveThresholds,
} from './forecaster.js';
export {
  describeTarget,
  explain,
  formatDateVn,
  formatNumber,
  type ExplainContext,
  type Explanation,
} from './explain.js';
export {
  ForecastInputError,
  forecastSeries,
  parseIsoDate,
  validateForecastSeriesInput,
  type FieldError,
  type ForecastSeriesInput,
  type ForecastSeriesOptions,
  type ForecastSeriesOutput,
  type SeriesForecast,
  type SeriesInput,
  type ValidationResult,
} from './series.js';
export { createRng, normalCdf, normalQuantile, type Rng } from './stats.js';
export * from './evaluation/index.js';
