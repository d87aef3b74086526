// Server status for the home view: the one place that calls /api/health.
import { defineStore } from 'pinia';
import { ref } from 'vue';

export interface Health {
  status: string;
  version: string;
  database: { kind: 'embedded' | 'external'; ok: boolean };
  uptimeSeconds: number;
}

export const useSystemStore = defineStore('system', () => {
  const health = ref<Health | null>(null);
  const loading = ref(false);
  const error = ref<string | null>(null);

  async function refresh(): Promise<void> {
    loading.value = true;
    error.value = null;
    try {
      const res = await fetch('/api/health');
      const body = (await res.json()) as Health;
      health.value = body;
    } catch (e) {
      error.value = e instanceof Error ? e.message : String(e);
    } finally {
      loading.value = false;
    }
  }

  return { health, loading, error, refresh };
});
