// The plans a user can follow (GET /api/plans).
import { defineStore } from 'pinia';
import { ref } from 'vue';
import { api } from '../api/http';

export interface PlanSummary {
  code: string;
  title: string;
  pillars: { code: string; name: string }[];
}

export const DEFAULT_PLAN = 'vinh-tuy-2026';

export const usePlansStore = defineStore('plans', () => {
  const plans = ref<PlanSummary[]>([]);
  const selected = ref(DEFAULT_PLAN);

  async function load(): Promise<void> {
    if (!plans.value.length) plans.value = await api<PlanSummary[]>('/api/plans');
  }

  return { plans, selected, load };
});
