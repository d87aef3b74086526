// Connectors (operators, admins): health list, run log, run now, and manual entry
// (POST /api/observations/manual). The only store that calls /api/connectors and /api/observations.
import { defineStore } from 'pinia';
import { ref } from 'vue';
import { api, HttpError } from '../api/http';
import type { ConnectorItem } from '../logic/connectors';
import type { ManualBody } from '../logic/manual-entry';
import { errorOf, useRequest } from './request';

export interface ConnectorRun {
  id: string;
  trigger: string | null;
  startedAt: string;
  finishedAt: string | null;
  status: string;
  accepted: number;
  duplicates: number;
  corrections: number;
  rejected: { index: number; field: string; reason: string; value?: unknown }[];
  error: string | null;
}

export interface ManualResult {
  accepted: number;
  duplicates: number;
  corrections: number;
  rejected: { index: number; field: string; reason: string }[];
}

export const useConnectorsStore = defineStore('connectors', () => {
  const connectors = ref<ConnectorItem[] | null>(null);
  const list = useRequest();
  const runs = ref<ConnectorRun[] | null>(null);
  const runsOf = ref<string | null>(null);
  const runsRequest = useRequest();
  const running = ref<string | null>(null);

  async function load(quiet = false): Promise<void> {
    await list.run(async () => {
      connectors.value = await api<ConnectorItem[]>('/api/connectors');
    }, quiet);
  }

  async function loadRuns(id: string): Promise<void> {
    runsOf.value = id;
    runs.value = null;
    await runsRequest.run(async () => {
      runs.value = await api<ConnectorRun[]>(`/api/connectors/${encodeURIComponent(id)}/runs`);
    });
  }

  /** Runs a connector now; returns null or the error to show. */
  async function runNow(id: string): Promise<string | null> {
    running.value = id;
    try {
      await api(`/api/connectors/${encodeURIComponent(id)}/run`, { method: 'POST' });
      await load(true);
      if (runsOf.value === id) await loadRuns(id);
      return null;
    } catch (e) {
      return errorOf(e);
    } finally {
      running.value = null;
    }
  }

  /** Posts a manual value. A 404 means the server does not offer manual entry (yet). */
  async function submitManual(
    body: ManualBody,
  ): Promise<{ ok: true; result: ManualResult } | { ok: false; error: string; unavailable: boolean }> {
    try {
      return { ok: true, result: await api<ManualResult>('/api/observations/manual', { method: 'POST', json: body }) };
    } catch (e) {
      const unavailable = e instanceof HttpError && (e.status === 404 || e.status === 405);
      return { ok: false, error: errorOf(e), unavailable };
    }
  }

  type Failed = { ok: false; error: string; unavailable: boolean };
  type Saved = { ok: true } | Failed;
  const failed = (e: unknown): Failed => ({
    ok: false,
    error: errorOf(e),
    unavailable: e instanceof HttpError && (e.status === 404 || e.status === 405),
  });

  /** One connector with its config (secrets masked), for the edit form. */
  async function fetchOne(
    id: string,
  ): Promise<
    | { ok: true; connector: ConnectorItem & { config?: Record<string, unknown> } }
    | { ok: false; error: string; unavailable: boolean }
  > {
    try {
      return { ok: true, connector: await api(`/api/connectors/${encodeURIComponent(id)}`) };
    } catch (e) {
      return failed(e);
    }
  }

  /** Creates (no `id` argument) or edits a pull connector; the list is reloaded after. */
  async function save(body: Record<string, unknown>, id?: string): Promise<Saved> {
    try {
      if (id) await api(`/api/connectors/${encodeURIComponent(id)}`, { method: 'PATCH', json: body });
      else await api('/api/connectors', { method: 'POST', json: body });
      await load(true);
      return { ok: true };
    } catch (e) {
      return failed(e);
    }
  }

  return {
    connectors,
    fetchOne,
    save,
    loading: list.loading,
    error: list.error,
    runs,
    runsOf,
    runsLoading: runsRequest.loading,
    runsError: runsRequest.error,
    running,
    load,
    loadRuns,
    runNow,
    submitManual,
  };
});
