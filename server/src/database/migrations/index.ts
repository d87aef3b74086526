// Migrations in the order they run. Add new ones at the end; never edit one that has shipped.
import { Catalog1764000000000 } from './1764000000000-catalog.js';
import { ObservationsScores1764000100000 } from './1764000100000-observations-scores.js';
import { Connectors1764000200000 } from './1764000200000-connectors.js';
import { Accounts1764000300000 } from './1764000300000-accounts.js';
import { ConnectorTicks1764000400000 } from './1764000400000-connector-ticks.js';
import { Alerts1764000500000 } from './1764000500000-alerts.js';
import { AlertFollowUps1764000600000 } from './1764000600000-alert-follow-ups.js';
import { ConnectorBreaker1764100000000 } from './1764100000000-connector-breaker.js';
import { AssignmentLevel1764200000000 } from './1764200000000-assignment-level.js';
import { ScoringSweep1764200100000 } from './1764200100000-scoring-sweep.js';
import { CatalogChange1764200200000 } from './1764200200000-catalog-change.js';
import { AssignmentOverrideText1764250000000 } from './1764250000000-assignment-override-text.js';
import { ScoringPlan1764300000001 } from './1764300000001-scoring-plan.js';
import { ObservationLatest1764300000002 } from './1764300000002-observation-latest.js';
import { DropObservationLatestIdx1764300000004 } from './1764300000004-drop-observation-latest-idx.js';
import { ObservationReferenceChecks1764310000000 } from './1764310000000-observation-reference-checks.js';

export const MIGRATIONS: Function[] = [
  Catalog1764000000000,
  ObservationsScores1764000100000,
  Connectors1764000200000,
  Accounts1764000300000,
  ConnectorTicks1764000400000,
  Alerts1764000500000,
  AlertFollowUps1764000600000,
  ConnectorBreaker1764100000000,
  AssignmentLevel1764200000000,
  ScoringSweep1764200100000,
  CatalogChange1764200200000,
  AssignmentOverrideText1764250000000,
  ScoringPlan1764300000001,
  ObservationLatest1764300000002,
  DropObservationLatestIdx1764300000004,
  ObservationReferenceChecks1764310000000,
];
