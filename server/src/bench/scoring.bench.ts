// npm run bench:scoring — a national-scale catalog: 3,321 communes × 50 indicators (166,050
// assignments) with 12 monthly observations each (about 2 million), generated in SQL. Measures a
// full rescoring from the database (time, peak memory) and the incremental rescoring after one
// new observation (p50/p99), both through ScoringService as the server runs them. The alerts
// evaluation a rescoring sets off runs in the background as in the server; after the first full
// rescoring (every score new: every assignment re-forecast) the benchmark waits for it and reports
// its duration, so the figures after it are not those of a server still digesting a first scoring.
// BENCH_SEED_ONLY=1 seeds, prints the database URL and exits, leaving the database for inspection
// (drop it afterwards).
import { DataSource } from 'typeorm';
import { IngestionService } from '../ingestion/ingestion.service.js';
import { ScoringService } from '../scoring/scoring.service.js';
import { AlertsService } from '../alerts/alerts.service.js';
import { mb, percentile, report, startBenchServer } from './bench-support.js';

const COMMUNES = Number(process.env.BENCH_COMMUNES ?? 3321);
const INDICATORS = 50;
const PLAN = 'national-2026';
const AS_OF = new Date('2026-12-31T00:00:00Z');

const server = await startBenchServer({ DEMO: '0' });
try {
  const db = server.app.get(DataSource);
  const scoring = server.app.get(ScoringService);
  const ingestion = server.app.get(IngestionService);
  const alerts = server.app.get(AlertsService);
  const seedStarted = performance.now();
  await db.query(`INSERT INTO agency (code, name, kind) VALUES ('vn', 'Việt Nam (bench)', 'other')`);
  await db.query(
    `INSERT INTO agency (code, name, kind, parent_code, demo)
     SELECT 'c-' || lpad(n::text, 4, '0'), 'Xã ' || n, 'commune', 'vn', true FROM generate_series(1, $1) n`,
    [COMMUNES],
  );
  await db.query(
    `INSERT INTO plan (code, title, issuer, start_date, end_date, source) VALUES ($1, 'Bench', 'bench', '2026-01-01', '2026-12-31', 'bench')`,
    [PLAN],
  );
  await db.query(
    `INSERT INTO pillar (plan_code, code, name) VALUES ($1, 'government', 'CQS'), ($1, 'economy', 'KTS'), ($1, 'society', 'XHS')`,
    [PLAN],
  );
  // a mix of the plans' target kinds: ≥ %, < %, ranks, linear adoption with a baseline
  await db.query(
    `INSERT INTO indicator (code, plan_code, row_label, pillar, text, target_text, targets, unit, baseline, start_date,
                            deadline, trajectory, cadence, max_age_days, lead_agency)
     SELECT $1 || '/' || n, $1, n::text, (ARRAY['government','economy','society'])[1 + n % 3], 'Chỉ tiêu ' || n, 't',
            CASE n % 5 WHEN 0 THEN '[{"op":"<","value":5,"min":null,"max":null,"unit":"%","approximate":false}]'
                       WHEN 1 THEN '[{"op":"<=","value":10,"min":null,"max":null,"unit":"rank","approximate":false}]'
                       ELSE '[{"op":">=","value":90,"min":null,"max":null,"unit":"%","approximate":false}]' END::jsonb,
            CASE n % 5 WHEN 1 THEN 'rank' ELSE '%' END,
            CASE WHEN n % 5 = 2 THEN 40 END, '2026-01-01', '2026-12-31',
            CASE WHEN n % 5 = 2 THEN 'linear' ELSE 'flat' END, 'monthly', 40, 'bench'
       FROM generate_series(1, $2) n`,
    [PLAN, INDICATORS],
  );
  await db.query(
    `INSERT INTO assignment (indicator_code, agency_code)
     SELECT i.code, a.code FROM indicator i CROSS JOIN agency a WHERE i.plan_code = $1 AND a.kind = 'commune'`,
    [PLAN],
  );
  await db.query(
    `INSERT INTO observation (assignment_id, observed_at, value, source)
     SELECT a.id, make_timestamptz(2026, m, 28, 0, 0, 0, 'UTC'),
            CASE WHEN i.unit = 'rank' THEN 1 + floor(random() * 30) ELSE round((random() * 100)::numeric, 1) END, 'bench'
       FROM assignment a JOIN indicator i ON i.code = a.indicator_code, generate_series(1, 12) m`,
  );
  await db.query('ANALYZE');
  const [{ n: observations }] = await db.query(`SELECT count(*)::int AS n FROM observation`);
  const [{ n: assignments }] = await db.query(`SELECT count(*)::int AS n FROM assignment`);
  const seedSeconds = (performance.now() - seedStarted) / 1000;
  if (process.env.BENCH_SEED_ONLY === '1') {
    const [{ name }] = await db.query(`SELECT current_database() AS name`);
    process.stdout.write(`seeded database ${name} (drop it when done)\n`);
    process.exit(0);
  }

  // full rescoring (twice: the first also warms caches; both reported)
  const fullTimes: number[] = [];
  const settleTimes: number[] = [];
  let peakHeap = 0;
  let peakGrowth = 0;
  const sampler = setInterval(() => (peakHeap = Math.max(peakHeap, process.memoryUsage().heapUsed)), 10);
  for (let i = 0; i < 2; i++) {
    global.gc?.();
    const heapBefore = process.memoryUsage().heapUsed;
    peakHeap = heapBefore;
    const t = performance.now();
    await scoring.rescore(PLAN, AS_OF);
    fullTimes.push(performance.now() - t);
    peakGrowth = Math.max(peakGrowth, peakHeap - heapBefore);
    const settle = performance.now();
    await alerts.idle();
    settleTimes.push(performance.now() - settle);
  }
  clearInterval(sampler);

  // incremental: one new observation, then the rescoring of its agency (and the re-rank)
  const ids: { id: number; agency_code: string; indicator_code: string }[] = await db.query(
    `SELECT id, agency_code, indicator_code FROM assignment ORDER BY random() LIMIT 200`,
  );
  const rescoreTimes: number[] = [];
  const ingestTimes: number[] = [];
  for (const [k, a] of ids.entries()) {
    const at = new Date(Date.UTC(2026, 11, 29, 0, k));
    await db.query(`INSERT INTO observation (assignment_id, observed_at, value, source) VALUES ($1, $2, 95, 'bench')`, [
      a.id,
      at,
    ]);
    let t = performance.now();
    await scoring.rescore(PLAN, AS_OF, [a.agency_code]);
    rescoreTimes.push(performance.now() - t);
    // the whole path a pushed value takes: validation, storage, rescoring
    t = performance.now();
    await ingestion.ingest(
      [
        {
          agency: a.agency_code,
          indicator: a.indicator_code,
          at: new Date(at.getTime() + 1000).toISOString(),
          value: 96,
        },
      ],
      'bench',
      null,
      AS_OF.getTime(),
    );
    ingestTimes.push(performance.now() - t);
  }
  rescoreTimes.sort((x, y) => x - y);
  ingestTimes.sort((x, y) => x - y);

  report('bench:scoring', {
    database: server.databaseKind,
    catalog: `${COMMUNES} communes × ${INDICATORS} indicators = ${assignments} assignments, ${observations} observations (generated in ${seedSeconds.toFixed(1)} s)`,
    'full rescoring from the database': `${fullTimes.map((t) => (t / 1000).toFixed(2) + ' s').join(', then ')} (goal < 2 s); peak heap growth ${mb(peakGrowth)} MB`,
    'alerts evaluation after each full rescoring (background)': settleTimes
      .map((t) => (t / 1000).toFixed(2) + ' s')
      .join(', then '),
    'incremental rescoring of one agency (200 runs)': `p50 ${percentile(rescoreTimes, 50).toFixed(1)} ms, p99 ${percentile(rescoreTimes, 99).toFixed(1)} ms (goal p99 < 5 ms)`,
    'one pushed observation end to end (validate, store, rescore)': `p50 ${percentile(ingestTimes, 50).toFixed(1)} ms, p99 ${percentile(ingestTimes, 99).toFixed(1)} ms`,
  });
} finally {
  await server.close();
}
