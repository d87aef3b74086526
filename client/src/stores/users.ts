// Accounts (admins): GET/POST /api/users, PATCH /api/users/:username for disable, password reset
// and agency binding. The only store that calls /api/users.
import { defineStore } from 'pinia';
import { ref } from 'vue';
import { api } from '../api/http';
import type { Role } from '../logic/access';
import { errorOf, useRequest } from './request';

export interface UserRow {
  username: string;
  role: Role;
  agency: string | null;
  disabled: boolean;
  createdAt: string;
  updatedAt: string;
}

export interface UserChange {
  role?: Role;
  agency?: string | null;
  disabled?: boolean;
  password?: string;
}

export const useUsersStore = defineStore('users', () => {
  const users = ref<UserRow[] | null>(null);
  const request = useRequest();

  async function load(quiet = false): Promise<void> {
    await request.run(async () => {
      users.value = await api<UserRow[]>('/api/users');
    }, quiet);
  }

  function replace(row: UserRow) {
    const list = users.value ?? [];
    const i = list.findIndex((u) => u.username === row.username);
    users.value = i < 0 ? [...list, row] : list.map((u, j) => (j === i ? row : u));
  }

  /** Each returns null on success, else the error (naming the field) to show. */
  async function create(input: { username: string; password: string; role: Role; agency?: string }) {
    try {
      replace(await api<UserRow>('/api/users', { method: 'POST', json: input }));
      return null;
    } catch (e) {
      return errorOf(e);
    }
  }

  async function update(username: string, change: UserChange) {
    try {
      replace(await api<UserRow>(`/api/users/${encodeURIComponent(username)}`, { method: 'PATCH', json: change }));
      return null;
    } catch (e) {
      return errorOf(e);
    }
  }

  return { users, loading: request.loading, error: request.error, load, create, update };
});
