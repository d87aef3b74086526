// The demo's simulated source systems (public-service dossiers, iHanoi, VNeID, document
// handling…): a deterministic value for any (agency, indicator, time), so every instance and
// every restart tells the same story. Each assignment gets a profile from a hash of its key —
// steady climbers, plateaus below target, a regression after an outage, late campaigns, noisy
// reporters — around the indicator's own target and direction.
import { directionOf, targetValue, type ScoringIndicator } from '@kpi/shared/scoring';

export type Profile = 'climber' | 'plateau' | 'regression' | 'late' | 'noisy';
const PROFILES: Profile[] = ['climber', 'climber', 'plateau', 'regression', 'late', 'noisy'];

export interface SimulatedSeries {
  agency: string;
  indicator: string;
  /** The indicator as the engine sees it (targets, unit, start, deadline). */
  scoring: ScoringIndicator;
}

/** FNV-1a: a stable 32-bit hash of a string. */
function hash(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** A uniform number in [0, 1) from a key. */
function unit(key: string): number {
  return hash(key) / 2 ** 32;
}

export function profileOf(series: Pick<SimulatedSeries, 'agency' | 'indicator'>): Profile {
  return PROFILES[hash(`${series.agency}|${series.indicator}|profile`) % PROFILES.length];
}

/** Share of the way from start to goal at progress p ∈ [0, 1], per profile. */
function shape(profile: Profile, p: number): number {
  switch (profile) {
    case 'plateau':
      return Math.min(1, p * 2.5);
    case 'regression':
      return p < 0.45 ? p : p < 0.65 ? p - 0.35 : p - 0.1;
    case 'late':
      return p ** 3;
    default:
      return p;
  }
}

/**
 * The simulated value at `atMs`, or null when the indicator has no numeric target. Percentages
 * stay within 0–100, ranks are whole numbers from 1, counts are whole numbers.
 */
export function simulatedValue(series: SimulatedSeries, atMs: number): number | null {
  const target = series.scoring.targets[0];
  const T = target ? targetValue(target) : null;
  if (T === null || !Number.isFinite(T)) return null;
  const key = `${series.agency}|${series.indicator}`;
  const profile = profileOf(series);
  const u1 = unit(`${key}|start`);
  const u2 = unit(`${key}|goal`);
  const startMs = series.scoring.startMs ?? atMs - 180 * 86_400_000;
  const deadlineMs = Math.max(series.scoring.deadlineMs ?? atMs + 180 * 86_400_000, startMs + 86_400_000);
  const p = Math.min(1, Math.max(0, (atMs - startMs) / (deadlineMs - startMs)));
  const noiseAmp = profile === 'noisy' ? 0.08 : 0.015;
  const noise = (unit(`${key}|${Math.floor(atMs / 86_400_000)}`) - 0.5) * 2 * noiseAmp;
  const isRank = (target?.unit ?? series.scoring.unit) === 'rank';
  const isPercent = (target?.unit ?? series.scoring.unit) === '%';

  let start: number;
  let goal: number;
  if (isRank) {
    start = T + 8 + Math.floor(25 * u1);
    goal = Math.max(1, T - 2 + Math.floor(8 * u2));
  } else if (directionOf(series.scoring) === 'lower') {
    start = T * (2 + 2 * u1);
    goal = T * (0.6 + 0.8 * u2);
  } else if (isPercent) {
    start = T * (0.5 + 0.35 * u1);
    goal = T * (profile === 'plateau' ? 0.78 + 0.12 * u2 : 0.94 + 0.12 * u2);
  } else {
    start = 0;
    goal = T * (0.75 + 0.5 * u2);
  }
  let value = start + (goal - start) * shape(profile, p);
  value *= 1 + noise;
  if (isRank) return Math.max(1, Math.round(value));
  if (isPercent) return Math.round(Math.min(100, Math.max(0, value)) * 10) / 10;
  if (directionOf(series.scoring) === 'lower') return Math.round(Math.max(0, value) * 100) / 100;
  return Math.max(0, Math.round(value));
}
