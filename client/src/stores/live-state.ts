// How live events change what the dashboard shows (DESIGN §7), as a pure function so it is
// tested without a socket: a snapshot replaces everything; a delta applies only when its `seq`
// directly follows the last one, otherwise the state asks for a resync. A ranking update carries
// either the whole ranking or only the rows that moved, merged into the one held.
import {
  applyRankingUpdate,
  hasGap,
  type AgencyUpdate,
  type LiveAlert,
  type Ranking,
  type RankingUpdatedEvent,
} from '@kpi/shared/live';

export interface LiveState {
  rankings: Ranking | null;
  /** This socket's last applied sequence number. */
  lastSeq: number | null;
  /** The latest update of the signed-in agency (agency accounts). */
  agency: AgencyUpdate | null;
  needsResync: boolean;
  /** Codes of agencies whose rank changed with the last ranking update (for highlighting). */
  moved: string[];
  /** Active alerts (open or acknowledged), newest first. */
  alerts: LiveAlert[];
}

export const initialLiveState = (): LiveState => ({
  rankings: null,
  lastSeq: null,
  agency: null,
  needsResync: false,
  moved: [],
  alerts: [],
});

type LiveEvent =
  | { name: 'snapshot'; payload: { seq: number; rankings: Ranking } }
  | { name: 'ranking.updated'; payload: Pick<RankingUpdatedEvent, 'seq' | 'rankings' | 'changes'> }
  | { name: 'agency.updated'; payload: AgencyUpdate & { seq: number } }
  | { name: AlertEventName; payload: { seq: number; alert: LiveAlert } };

export const ALERT_EVENTS = ['alert.opened', 'alert.escalated', 'alert.acknowledged', 'alert.resolved'] as const;
export type AlertEventName = (typeof ALERT_EVENTS)[number];

export function applyLiveEvent(state: LiveState, event: LiveEvent): LiveState {
  if (event.name === 'snapshot') {
    return {
      ...state,
      rankings: event.payload.rankings,
      alerts: (event.payload as { alerts?: LiveAlert[] }).alerts ?? [],
      lastSeq: event.payload.seq,
      needsResync: false,
      moved: [],
    };
  }
  if (state.needsResync || hasGap(state.lastSeq, event.payload.seq)) return { ...state, needsResync: true };
  if (event.name === 'ranking.updated') {
    const rankings = applyRankingUpdate(state.rankings, event.payload);
    // changes with no ranking to apply them to: only a snapshot can help
    if (!rankings) return { ...state, needsResync: true };
    const before = new Map((state.rankings?.agencies ?? []).map((a) => [a.code, a.rank]));
    const rows = event.payload.changes?.agencies ?? rankings.agencies;
    const moved = rows.filter((a) => before.has(a.code) && before.get(a.code) !== a.rank).map((a) => a.code);
    return { ...state, rankings, lastSeq: event.payload.seq, moved };
  }
  if (event.name === 'agency.updated') {
    const { seq, ...update } = event.payload;
    return { ...state, agency: update, lastSeq: seq };
  }
  // an alert: replace it in the list, or drop it when resolved
  const { alert, seq } = event.payload;
  const others = state.alerts.filter((a) => a.id !== alert.id);
  return { ...state, alerts: alert.state === 'resolved' ? others : [alert, ...others], lastSeq: seq };
}
