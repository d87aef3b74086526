// An agency's scorecard (GET /api/agencies/:code/scorecard), with a forbidden state for the 403
// an agency account gets for another agency.
import { defineStore } from 'pinia';
import { ref } from 'vue';
import { api, HttpError } from '../api/http';

export interface ScorecardRow {
  indicator: string;
  name: string;
  pillar: string;
  targetText: string | null;
  unit: string | null;
  value: number | null;
  observedAt: string | null;
  source: string | null;
  targetInForce: number | null;
  finalTarget: number | null;
  score: number;
  status: 'achieved' | 'on_track' | 'behind' | 'no_data';
  /** The forecaster's level (on_track, watch, at_risk…), when the alerts evaluation has run. */
  level?: string | null;
  weight?: number;
  /** The agency's own target in words, when a leader or admin set one (else the plan's applies). */
  targetOverride?: string | null;
  /** The plan's target in words (what `targetText` was before an override). */
  planTargetText?: string | null;
}

export interface Scorecard {
  agency: { code: string; name: string; kind: string };
  plan: string;
  asOf: string | null;
  score: number | null;
  rank: number | null;
  pillars: Record<string, number>;
  /** Share (0..1) of the values scored that came from systems rather than manual entry. */
  systemShare?: number | null;
  indicators: ScorecardRow[];
}

export const useScorecardStore = defineStore('scorecard', () => {
  const scorecard = ref<Scorecard | null>(null);
  const loading = ref(false);
  const error = ref<'forbidden' | 'not_found' | string | null>(null);

  async function load(agency: string, plan: string, quiet = false): Promise<void> {
    if (!quiet) loading.value = true;
    error.value = null;
    try {
      scorecard.value = await api<Scorecard>(
        `/api/agencies/${encodeURIComponent(agency)}/scorecard?plan=${encodeURIComponent(plan)}`,
      );
    } catch (e) {
      scorecard.value = null;
      error.value =
        e instanceof HttpError
          ? e.status === 403
            ? 'forbidden'
            : e.status === 404
              ? 'not_found'
              : e.message
          : String(e);
    } finally {
      loading.value = false;
    }
  }

  /**
   * Gives the agency its own target for one indicator (`target` in the plans' wording), or restores
   * the plan's (`null`); returns null when done, else what the server said was wrong, then reloads.
   */
  async function setTarget(
    agency: string,
    plan: string,
    indicator: string,
    target: string | null,
    reason: string,
  ): Promise<string | null> {
    try {
      await api(`/api/agencies/${encodeURIComponent(agency)}/assignments/${encodeURIComponent(indicator)}/target`, {
        method: 'PUT',
        json: { target, reason },
      });
    } catch (e) {
      if (!(e instanceof HttpError)) return String(e);
      const field = e.body.fields?.[0];
      return field ? `${field.field}: ${field.reason}` : e.message;
    }
    await load(agency, plan, true);
    return null;
  }

  return { scorecard, loading, error, load, setTarget };
});
