// Score history per agency for the ranking's sparklines (GET /api/agencies/:code/history).
// Fetched a few at a time and cached per plan; a server without the endpoint (404) or an account
// that may not read another agency (403) simply gets no sparkline, never an error on the page.
import { defineStore } from 'pinia';
import { ref } from 'vue';
import { api, HttpError } from '../api/http';
import { dailyScores } from '../logic/sparkline';

interface History {
  points: { at: string; score: number | null; rank: number | null }[];
}

const CONCURRENCY = 4;

export const useHistoryStore = defineStore('history', () => {
  /** `${plan}|${agency}` → daily scores, oldest first; null when there is none to show. */
  const trends = ref<Record<string, number[] | null>>({});
  let unavailable = false;
  const pending = new Set<string>();

  async function loadFor(plan: string, agencies: string[], sinceDays = 60): Promise<void> {
    if (unavailable) return;
    const from = new Date(Date.now() - sinceDays * 86_400_000).toISOString().slice(0, 10);
    const queue = agencies.filter((a) => !(`${plan}|${a}` in trends.value) && !pending.has(`${plan}|${a}`));
    queue.forEach((a) => pending.add(`${plan}|${a}`));
    const worker = async () => {
      for (let code = queue.shift(); code && !unavailable; code = queue.shift()) {
        const key = `${plan}|${code}`;
        try {
          const h = await api<History>(
            `/api/agencies/${encodeURIComponent(code)}/history?plan=${encodeURIComponent(plan)}&from=${from}`,
          );
          const scores = dailyScores(h.points ?? []);
          trends.value = { ...trends.value, [key]: scores.length ? scores : null };
        } catch (e) {
          trends.value = { ...trends.value, [key]: null };
          // a route the server does not have (yet), unlike an unknown agency: stop asking
          if (e instanceof HttpError && e.status === 404 && /^Cannot GET/.test(e.body.message ?? ''))
            unavailable = true;
        } finally {
          pending.delete(key);
        }
      }
    };
    await Promise.all(Array.from({ length: CONCURRENCY }, worker));
  }

  function trendOf(plan: string, agency: string): number[] | null {
    return trends.value[`${plan}|${agency}`] ?? null;
  }

  return { trends, loadFor, trendOf };
});
