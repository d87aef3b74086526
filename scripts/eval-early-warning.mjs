#!/usr/bin/env node
// Runs the early-warning evaluation harness (DESIGN §6) on the COMPILED shared package and
// writes docs/early-warning.md. Build first: npx tsc -p shared/tsconfig.build.json
//
//   node scripts/eval-early-warning.mjs [--seed 2026] [--count 3600] [--out docs/early-warning.md]
//                                       [--no-digital] [--date YYYY-MM-DD]
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { performance } from 'node:perf_hooks';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const distUrl = new URL('../shared/dist/forecast/index.js', import.meta.url);

function parseArgs(argv) {
  const args = { seed: 2026, count: 3600, out: 'docs/early-warning.md', digital: true, date: null };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const next = () => {
      const v = argv[++i];
      if (v === undefined) throw new Error(`${a} needs a value`);
      return v;
    };
    if (a === '--seed') args.seed = Number(next());
    else if (a === '--count') args.count = Number(next());
    else if (a === '--out') args.out = next();
    else if (a === '--date') args.date = next();
    else if (a === '--no-digital') args.digital = false;
    else if (a === '--help' || a === '-h') {
      console.log(
        'node scripts/eval-early-warning.mjs [--seed N] [--count N] [--out FILE] [--no-digital] [--date YYYY-MM-DD]',
      );
      process.exit(0);
    } else throw new Error(`unknown argument: ${a}`);
  }
  if (!Number.isInteger(args.seed)) throw new Error('--seed: expected an integer');
  if (!Number.isInteger(args.count) || args.count < 9) throw new Error('--count: expected an integer ≥ 9');
  if (args.date !== null && !/^\d{4}-\d{2}-\d{2}$/.test(args.date)) throw new Error('--date: expected YYYY-MM-DD');
  return args;
}

async function main() {
  const args = parseArgs(process.argv.slice(2));
  let lib;
  try {
    lib = await import(distUrl.href);
  } catch (err) {
    console.error(
      `Cannot load ${fileURLToPath(distUrl)}: build first with  npx tsc -p shared/tsconfig.build.json\n${err.message}`,
    );
    process.exit(2);
  }
  const { evaluate, renderEarlyWarningReport, fitCombinationOnSeed, DEFAULT_THRESHOLDS } = lib;
  const t0 = performance.now();
  const lap = (label, since) => console.log(`  ${label}: ${((performance.now() - since) / 1000).toFixed(1)} s`);

  console.log(`Early-warning evaluation: seed ${args.seed}, ${args.count} series (calibration seed ${args.seed + 1})`);
  let t = performance.now();
  const calibration = evaluate({ seed: args.seed + 1, count: args.count });
  lap('calibration run', t);
  t = performance.now();
  const main = evaluate({ seed: args.seed, count: args.count, thresholds: DEFAULT_THRESHOLDS });
  lap('evaluation run', t);
  let digital = null;
  if (args.digital) {
    t = performance.now();
    digital = evaluate({
      seed: args.seed,
      count: args.count,
      scenario: 'digital_weekly',
      methods: [main.defaultMethod],
    });
    lap('digital-weekly what-if', t);
  }
  // The trend model alone (no combination), each with the thresholds its own calibration suggests.
  t = performance.now();
  const modelOnlyCalibration = evaluate({
    seed: args.seed + 1,
    count: args.count,
    methods: [main.defaultMethod],
    combination: false,
  });
  const modelOnly = {
    calibration: modelOnlyCalibration,
    main: evaluate({
      seed: args.seed,
      count: args.count,
      methods: [main.defaultMethod],
      combination: false,
      thresholds: modelOnlyCalibration.suggestedThresholds,
    }),
  };
  const fittedCombination = fitCombinationOnSeed({ seed: args.seed + 1, count: args.count });
  lap('model alone and the combination fit', t);
  const runSeconds = (performance.now() - t0) / 1000;

  const fmt = (x) => (x === null || x === undefined ? '–' : x.toFixed(3));
  console.log(`\nDefault method: ${main.defaultMethod}; thresholds ${JSON.stringify(main.thresholds)}`);
  console.log(`Calibration suggests ${JSON.stringify(calibration.suggestedThresholds)}`);
  console.log(`${main.missed} of ${main.count} series miss their target.\n`);
  console.log('days  method        recall  precision  F1     lead  no_data');
  for (const h of main.horizons)
    for (const s of h.scores)
      console.log(
        `${String(h.daysBefore).padEnd(5)} ${s.method.padEnd(13)} ${fmt(s.recall)}   ${fmt(s.precision)}      ${fmt(s.f1)}  ${String(s.medianLeadDays ?? '–').padEnd(5)} ${s.noData}`,
      );
  const h = main.horizons.find((x) => x.daysBefore === main.barHorizon);
  const s = h.scores.find((x) => x.method === main.defaultMethod);
  console.log(
    `\nBar at ${main.barHorizon} days (recall ≥ ${main.bar.recall}, precision ≥ ${main.bar.precision}): ${main.barMet ? 'MET' : 'NOT MET'} ` +
      `(recall ${fmt(s.recall)}, precision ${fmt(s.precision)})`,
  );
  if (digital) {
    const d = digital.horizons
      .find((x) => x.daysBefore === digital.barHorizon)
      .scores.find((x) => x.method === digital.defaultMethod);
    console.log(
      `Digital weekly what-if: recall ${fmt(d.recall)}, precision ${fmt(d.precision)} (${digital.barMet ? 'met' : 'not met'})`,
    );
  }
  const mo = modelOnly.main.horizons
    .find((x) => x.daysBefore === main.barHorizon)
    .scores.find((x) => x.method === main.defaultMethod);
  console.log(
    `Trend model alone (at_risk ≥ ${modelOnly.main.thresholds.atRisk}): recall ${fmt(mo.recall)}, precision ${fmt(mo.precision)}`,
  );
  console.log(`Combination fitted on the calibration seed: ${JSON.stringify(fittedCombination)}`);
  console.log(`Run time ${runSeconds.toFixed(1)} s`);

  const date = args.date ?? new Date().toISOString().slice(0, 10);
  const command = `node scripts/eval-early-warning.mjs --seed ${args.seed} --count ${args.count}`;
  let markdown = renderEarlyWarningReport({
    date,
    runSeconds,
    command,
    main,
    calibration,
    digital,
    modelOnly,
    fittedCombination,
  });
  const out = resolve(root, args.out);
  // Format as `npm run lint` expects (Prettier aligns the tables), when Prettier is installed.
  try {
    const prettier = await import('prettier');
    const options = (await prettier.resolveConfig(out)) ?? {};
    markdown = await prettier.format(markdown, { ...options, filepath: out });
  } catch {
    // Prettier is a dev dependency; without it the file is still valid Markdown.
  }
  mkdirSync(dirname(out), { recursive: true });
  writeFileSync(out, markdown);
  console.log(`Wrote ${out}`);
}

main().catch((err) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
