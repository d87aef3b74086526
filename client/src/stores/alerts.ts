// Alerts (DESIGN §6, §10): the active ones come live from the socket (live store); resolved ones
// and an alert's history come from GET /api/alerts; acknowledging posts a note. The only store
// that calls /api/alerts.
import { defineStore } from 'pinia';
import { ref } from 'vue';
import type { LiveAlert } from '@kpi/shared/live';
import { api } from '../api/http';
import { errorOf, useRequest } from './request';

export interface AlertDetail extends LiveAlert {
  low: number | null;
  high: number | null;
  levelSince: string;
  resolvedAt: string | null;
  acknowledgedAt: string | null;
  history?: { at: string; action: string; level: string; actor: string | null; note: string | null }[];
}

export const useAlertsStore = defineStore('alerts', () => {
  const resolved = ref<AlertDetail[]>([]);
  const list = useRequest();
  const detail = ref<AlertDetail | null>(null);
  const detailRequest = useRequest();

  async function loadResolved(plan: string, quiet = false): Promise<void> {
    await list.run(async () => {
      resolved.value = await api<AlertDetail[]>(`/api/alerts?plan=${encodeURIComponent(plan)}&state=resolved`);
    }, quiet);
  }

  async function open(id: number): Promise<void> {
    detail.value = null;
    await detailRequest.run(async () => {
      detail.value = await api<AlertDetail>(`/api/alerts/${id}`);
    });
  }

  /** Returns null on success, else the error to show in the dialog. */
  async function acknowledge(id: number, note: string): Promise<string | null> {
    try {
      await api<AlertDetail>(`/api/alerts/${id}/acknowledge`, { method: 'POST', json: { note } });
      // the live feed gets alert.acknowledged; an open history panel is reloaded here
      if (detail.value?.id === id) await open(id);
      return null;
    } catch (e) {
      return errorOf(e);
    }
  }

  return {
    resolved,
    listLoading: list.loading,
    listError: list.error,
    detail,
    detailLoading: detailRequest.loading,
    detailError: detailRequest.error,
    loadResolved,
    open,
    acknowledge,
  };
});
