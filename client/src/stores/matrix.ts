// The scorecard matrix (GET /api/scorecard-matrix): agencies × indicators with each cell's
// status, reloaded quietly when the live ranking moves.
import { defineStore } from 'pinia';
import { ref } from 'vue';
import { api } from '../api/http';
import type { Matrix } from '../logic/matrix';
import { useRequest } from './request';

export const useMatrixStore = defineStore('matrix', () => {
  const matrix = ref<Matrix | null>(null);
  const request = useRequest();

  async function load(plan: string, pillar: string | null, quiet = false): Promise<void> {
    const query = new URLSearchParams({ plan });
    if (pillar) query.set('pillar', pillar);
    await request.run(async () => {
      matrix.value = await api<Matrix>(`/api/scorecard-matrix?${query}`);
    }, quiet);
  }

  return { matrix, loading: request.loading, error: request.error, load };
});
