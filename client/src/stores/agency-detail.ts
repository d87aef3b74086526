// What an agency's page needs besides its scorecard: an indicator's chart series
// (GET /api/agencies/:code/indicators/:indicator/series) and the agency's data reminders
// (GET /api/reminders), reloaded when the live feed says a reminder changed.
import { defineStore } from 'pinia';
import { ref } from 'vue';
import type { LiveReminder } from '@kpi/shared/live';
import { api } from '../api/http';
import { errorOf, useRequest } from './request';

export interface Series {
  agency: string;
  plan: string;
  indicator: string;
  name: string;
  unit: string | null;
  direction: string;
  finalTarget: number | null;
  deadline: string | null;
  observations: { at: string; value: number; source: string }[];
  trajectory: { at: string; target: number | null }[];
  forecast: {
    forecast: number | null;
    low: number | null;
    high: number | null;
    probabilityOfMiss: number | null;
    level: string;
  } | null;
}

export const useAgencyDetailStore = defineStore('agency-detail', () => {
  const series = ref<Record<string, Series | { error: string }>>({});
  const reminders = ref<LiveReminder[]>([]);
  const reminderRequest = useRequest();

  async function loadSeries(agency: string, plan: string, indicator: string): Promise<void> {
    const key = `${plan}|${agency}|${indicator}`;
    try {
      const s = await api<Series>(
        `/api/agencies/${encodeURIComponent(agency)}/indicators/${encodeURIComponent(indicator)}/series?plan=${encodeURIComponent(plan)}`,
      );
      series.value = { ...series.value, [key]: s };
    } catch (e) {
      series.value = { ...series.value, [key]: { error: errorOf(e) } };
    }
  }

  function seriesOf(agency: string, plan: string, indicator: string) {
    return series.value[`${plan}|${agency}|${indicator}`] ?? null;
  }

  async function loadReminders(agency: string, plan: string, quiet = false): Promise<void> {
    await reminderRequest.run(async () => {
      reminders.value = await api<LiveReminder[]>(
        `/api/reminders?plan=${encodeURIComponent(plan)}&agency=${encodeURIComponent(agency)}&state=active`,
      );
    }, quiet);
  }

  return {
    series,
    seriesOf,
    loadSeries,
    reminders,
    remindersLoading: reminderRequest.loading,
    remindersError: reminderRequest.error,
    loadReminders,
  };
});
