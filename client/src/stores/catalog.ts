// The catalog (GET /api/plans/:plan/indicators, /milestones, /api/agencies): what is measured,
// against which target, by when, and who the agencies are. Cached per plan.
import { defineStore } from 'pinia';
import { computed, ref } from 'vue';
import { api } from '../api/http';
import { useRequest } from './request';
import type { TargetLike } from '../logic/targets';

export interface Indicator {
  code: string;
  plan: string;
  row: string;
  pillar: string;
  name: string | null;
  text: string;
  targetText: string | null;
  targets: TargetLike[];
  unit: string | null;
  baseline: number | null;
  start: string | null;
  deadline: string | null;
  deadlineText: string | null;
  trajectory: string;
  weight: number;
  leadAgency: string | null;
}

export interface Milestone {
  code: string;
  group: string | null;
  title: string;
  leadAgency: string | null;
  deadlineText: string | null;
  deadline: string | null;
  expectedResult: string | null;
  output: string | null;
  assignees: string[];
}

export interface AgencyNode {
  code: string;
  name: string;
  kind: string;
  children: AgencyNode[];
}

export interface AgencyOption {
  code: string;
  name: string;
  kind: string;
  depth: number;
}

export function flattenAgencies(nodes: AgencyNode[], depth = 0, out: AgencyOption[] = []): AgencyOption[] {
  for (const n of nodes) {
    out.push({ code: n.code, name: n.name, kind: n.kind, depth });
    flattenAgencies(n.children ?? [], depth + 1, out);
  }
  return out;
}

export const useCatalogStore = defineStore('catalog', () => {
  const indicators = ref<Record<string, Indicator[]>>({});
  const milestones = ref<Record<string, Milestone[]>>({});
  const agencyTree = ref<AgencyNode[] | null>(null);
  const request = useRequest();
  const agencies = computed(() => flattenAgencies(agencyTree.value ?? []));
  const agencyName = computed(() => new Map(agencies.value.map((a) => [a.code, a.name])));

  async function loadIndicators(plan: string): Promise<void> {
    if (indicators.value[plan]) return;
    await request.run(async () => {
      const list = await api<Indicator[]>(`/api/plans/${encodeURIComponent(plan)}/indicators`);
      indicators.value = { ...indicators.value, [plan]: list };
    });
  }

  async function loadMilestones(plan: string): Promise<void> {
    if (milestones.value[plan]) return;
    await request.run(async () => {
      const list = await api<Milestone[]>(`/api/plans/${encodeURIComponent(plan)}/milestones`);
      milestones.value = { ...milestones.value, [plan]: list };
    });
  }

  async function loadAgencies(): Promise<void> {
    if (agencyTree.value) return;
    await request.run(async () => {
      agencyTree.value = await api<AgencyNode[]>('/api/agencies');
    });
  }

  return {
    indicators,
    milestones,
    agencies,
    agencyName,
    loading: request.loading,
    error: request.error,
    loadIndicators,
    loadMilestones,
    loadAgencies,
  };
});
