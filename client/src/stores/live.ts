// The live connection to /live: the only place that talks to the socket. Reconnects on its own
// (socket.io); every (re)connection starts with a snapshot, and a gap in sequence numbers asks
// for a new one.
import { defineStore } from 'pinia';
import { ref, shallowRef } from 'vue';
import { io, type Socket } from 'socket.io-client';
import type { ClientToServerEvents, ServerToClientEvents } from '@kpi/shared/live';
import { ALERT_EVENTS, applyLiveEvent, initialLiveState, type LiveState } from './live-state';
import { useAuthStore } from './auth';

export type ConnectionStatus = 'idle' | 'connecting' | 'live' | 'offline';

export const useLiveStore = defineStore('live', () => {
  const state = shallowRef<LiveState>(initialLiveState());
  const status = ref<ConnectionStatus>('idle');
  const plan = ref<string | null>(null);
  let socket: Socket<ServerToClientEvents, ClientToServerEvents> | null = null;

  function apply(event: Parameters<typeof applyLiveEvent>[1]) {
    state.value = applyLiveEvent(state.value, event);
    if (state.value.needsResync) socket?.emit('resync');
  }

  function connect(planCode: string): void {
    if (socket && plan.value === planCode) return;
    disconnect();
    const auth = useAuthStore();
    plan.value = planCode;
    status.value = 'connecting';
    socket = io('/live', {
      auth: (cb) => cb({ token: auth.token, plan: planCode }),
      transports: ['websocket', 'polling'],
    });
    socket.on('connect', () => (status.value = 'live'));
    socket.on('disconnect', () => (status.value = 'offline'));
    socket.on('connect_error', async (error) => {
      status.value = 'offline';
      // an expired token: refresh once, socket.io retries with the new one
      if (/unauthorized/.test(error.message) && !(await auth.refresh())) disconnect();
      else if (!socket?.active) socket?.connect();
    });
    socket.on('snapshot', (payload) => apply({ name: 'snapshot', payload }));
    socket.on('ranking.updated', (payload) => apply({ name: 'ranking.updated', payload }));
    socket.on('agency.updated', (payload) => apply({ name: 'agency.updated', payload }));
    for (const name of ALERT_EVENTS) socket.on(name, (payload) => apply({ name, payload }));
  }

  function disconnect(): void {
    socket?.removeAllListeners();
    socket?.disconnect();
    socket = null;
    plan.value = null;
    state.value = initialLiveState();
    status.value = 'idle';
  }

  return { state, status, plan, connect, disconnect };
});
