// The source systems of `npm run bench:ingest`, in a process of their own (forked by
// ingest.bench.ts) so the server's figures are the server's: builds every source's batches first
// (a source's own serialisation is not the server's cost), then on `go` each source posts its
// batches one after another, all sources at once, and reports the values accepted.
interface Source {
  key: string;
  /** the (agency, indicator) pairs this source reports */
  share: { agency: string; indicator: string }[];
  /** per batch, the number of its first value: values are numbered so every (assignment, time) is new */
  firsts: number[];
}

const BATCH = 10_000;
const MINUTE = 60_000;

let url = '';
let bodies: { key: string; body: string[] }[] = [];

function batch(share: Source['share'], first: number): string {
  const observations = Array.from({ length: BATCH }, (_, i) => {
    const a = share[(first + i) % share.length];
    const at = new Date(Date.UTC(2026, 0, 1) + (first + i) * MINUTE).toISOString();
    return { agency: a.agency, indicator: a.indicator, at, value: 50 + ((first + i) % 50) };
  });
  return JSON.stringify({ observations });
}

async function post(key: string, body: string): Promise<number> {
  const res = await fetch(`${url}/api/ingest`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-api-key': key },
    body,
  });
  const answer = (await res.json()) as { accepted: number; rejected: unknown[] };
  if (res.status !== 200 || answer.rejected.length)
    throw new Error(`${res.status} ${JSON.stringify(answer).slice(0, 300)}`);
  return answer.accepted;
}

process.on('message', (message: { type: string; url?: string; sources?: Source[] }) => {
  if (message.type === 'prepare') {
    url = message.url!;
    bodies = message.sources!.map((s) => ({ key: s.key, body: s.firsts.map((f) => batch(s.share, f)) }));
    process.send!({ type: 'ready' });
  } else if (message.type === 'go') {
    Promise.all(
      bodies.map(async ({ key, body }) => {
        let accepted = 0;
        for (const b of body) accepted += await post(key, b);
        return accepted;
      }),
    ).then(
      (counts) => process.send!({ type: 'done', accepted: counts.reduce((a, b) => a + b, 0) }),
      (error: unknown) => process.send!({ type: 'error', error: String(error) }),
    );
  } else if (message.type === 'exit') process.exit(0);
});
