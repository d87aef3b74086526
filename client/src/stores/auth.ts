// Who is signed in: tokens kept for the browser tab (sessionStorage), sign-in, silent refresh,
// sign-out. The only store that calls /api/auth.
import { defineStore } from 'pinia';
import { computed, ref } from 'vue';
import { api, useTokens } from '../api/http';

export interface SessionUser {
  username: string;
  role: 'leader' | 'agency' | 'operator' | 'admin';
  agency?: string;
}

interface Session {
  accessToken: string;
  refreshToken: string;
  user: SessionUser;
}

const KEY = 'kpi.session';

function load(): Session | null {
  try {
    return JSON.parse(sessionStorage.getItem(KEY) ?? 'null') as Session | null;
  } catch {
    return null;
  }
}

export const useAuthStore = defineStore('auth', () => {
  const session = ref<Session | null>(load());
  const user = computed(() => session.value?.user ?? null);
  const token = computed(() => session.value?.accessToken ?? null);

  function save(next: Session | null) {
    session.value = next;
    if (next) sessionStorage.setItem(KEY, JSON.stringify(next));
    else sessionStorage.removeItem(KEY);
  }

  async function login(username: string, password: string): Promise<void> {
    save(await api<Session>('/api/auth/login', { method: 'POST', json: { username, password } }));
  }

  async function refresh(): Promise<boolean> {
    if (!session.value) return false;
    try {
      save(
        await api<Session>(
          '/api/auth/refresh',
          { method: 'POST', json: { refreshToken: session.value.refreshToken } },
          true,
        ),
      );
      return true;
    } catch {
      save(null);
      return false;
    }
  }

  function logout(): void {
    save(null);
  }

  useTokens({ accessToken: () => token.value, refresh, onUnauthorized: logout });

  return { user, token, login, refresh, logout };
});
