#!/usr/bin/env node
// Writes the parsed targets into the plan catalogs: for every indicator of every
// seeds/catalogs/*.json, `targets` = parseTargets(targetText) ([] when targetText is null),
// placed right after `targetText`. Other keys keep their order.
//
//   node scripts/seeds-targets.mjs          update the catalogs (only files that change are written)
//   node scripts/seeds-targets.mjs --check  write nothing; exit 1 and list what is out of date
//
// Uses the built parser (shared/dist), so build shared first: npx tsc -p shared/tsconfig.build.json
import { readdir, readFile, writeFile } from 'node:fs/promises';
import { isDeepStrictEqual } from 'node:util';

const catalogDir = new URL('../seeds/catalogs/', import.meta.url);
const parserUrl = new URL('../shared/dist/targets/index.js', import.meta.url);

const check = process.argv.includes('--check');

let parseTargets;
try {
  ({ parseTargets } = await import(parserUrl.href));
} catch (error) {
  console.error(`seeds-targets: cannot load the parser from ${parserUrl.pathname} (${error.message}).`);
  console.error('Build shared first: npx tsc -p shared/tsconfig.build.json');
  process.exit(2);
}

/** The indicator with `targets` set and placed right after `targetText`. */
function withTargets(indicator, targets) {
  const out = {};
  for (const [key, value] of Object.entries(indicator)) {
    if (key === 'targets') continue;
    out[key] = value;
    if (key === 'targetText') out.targets = targets;
  }
  if (!('targets' in out)) out.targets = targets; // no targetText key: the schema requires one, but be safe
  return out;
}

const files = (await readdir(catalogDir)).filter((name) => name.endsWith('.json')).sort();
const stale = [];
let written = 0;

for (const name of files) {
  const url = new URL(name, catalogDir);
  const catalog = JSON.parse(await readFile(url, 'utf8'));
  const changed = [];
  catalog.indicators = catalog.indicators.map((indicator) => {
    const targets = indicator.targetText == null ? [] : parseTargets(indicator.targetText);
    const updated = withTargets(indicator, targets);
    const sameValue = isDeepStrictEqual(indicator.targets, targets);
    const sameOrder = isDeepStrictEqual(Object.keys(indicator), Object.keys(updated));
    if (!sameValue || !sameOrder) changed.push({ code: indicator.code, sameValue });
    return updated;
  });
  if (changed.length === 0) continue;
  if (check) {
    for (const { code, sameValue } of changed) {
      stale.push(`${name}: ${code}${sameValue ? ' (targets not right after targetText)' : ''}`);
    }
  } else {
    await writeFile(url, `${JSON.stringify(catalog, null, 2)}\n`);
    written++;
    console.log(`seeds-targets: ${name}: ${changed.length} indicator(s) updated`);
  }
}

if (check) {
  if (stale.length > 0) {
    console.error(
      `seeds-targets: stored targets differ from parseTargets(targetText) in ${stale.length} indicator(s):`,
    );
    for (const line of stale) console.error(`  ${line}`);
    console.error('Run: node scripts/seeds-targets.mjs');
    process.exit(1);
  }
  console.log(`seeds-targets: ${files.length} catalog(s) up to date`);
} else if (written === 0) {
  console.log(`seeds-targets: ${files.length} catalog(s) already up to date`);
}
