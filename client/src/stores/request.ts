// The loading / error pair every store keeps for a request, with the error reduced to what the
// views show: a 403, a 404, or the server's message.
import { ref } from 'vue';
import { HttpError } from '../api/http';

export type RequestError = 'forbidden' | 'not_found' | string;

export function errorOf(e: unknown): RequestError {
  if (e instanceof HttpError) {
    if (e.status === 403) return 'forbidden';
    if (e.status === 404) return 'not_found';
    const fields = e.body.fields?.map((f) => `${f.field}: ${f.reason}`).join('; ');
    return fields ? `${e.body.message} (${fields})` : e.body.message || `HTTP ${e.status}`;
  }
  return e instanceof Error ? e.message : String(e);
}

export function useRequest() {
  const loading = ref(false);
  const error = ref<RequestError | null>(null);
  async function run<T>(work: () => Promise<T>, quiet = false): Promise<T | undefined> {
    if (!quiet) loading.value = true;
    error.value = null;
    try {
      return await work();
    } catch (e) {
      error.value = errorOf(e);
      return undefined;
    } finally {
      loading.value = false;
    }
  }
  return { loading, error, run };
}
