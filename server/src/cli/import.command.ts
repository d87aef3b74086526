// `kpi import FILE…`: loads plan catalogs and agency files into the database (DATABASE_URL, or
// the embedded one under DATA_DIR) and prints what changed, one JSON report per file.
import type { Command } from 'commander';

export function registerImport(program: Command): void {
  program
    .command('import')
    .description('import seed files (agencies first, then catalogs) and print what changed')
    .argument('<files...>', 'e.g. seeds/agencies/hanoi-city.json seeds/catalogs/vinh-tuy-2026.json')
    .option('--dry-run', 'report what would change, change nothing')
    .addHelpText(
      'after',
      '\nUses DATABASE_URL, or the embedded database under DATA_DIR (stop `npm start` first: it holds the embedded files).',
    )
    .action(async (files: string[], options: { dryRun?: boolean }) => {
      // loaded lazily: `kpi target` and friends must not pay for Nest and TypeORM
      const { withCatalog } = await import('./catalog-context.js');
      const { DomainError } = await import('../common/domain-error.js');
      await withCatalog(async (importer, changes) => {
        const reports = [];
        for (const file of files) {
          try {
            const report = await importer.importFile(file, { dryRun: options.dryRun });
            if (!options.dryRun) reports.push(report);
            process.stdout.write(`${JSON.stringify({ file, dryRun: Boolean(options.dryRun), ...report })}\n`);
          } catch (error) {
            if (!(error instanceof DomainError)) throw error;
            process.stdout.write(`${JSON.stringify({ file, error: error.message, fields: error.fields ?? [] })}\n`);
            process.exitCode = 1;
          }
        }
        // scores depend on the catalog: rescore the changed plans fully, here (no server may be
        // running) and tell running servers so their dashboards hear of it
        await changes.afterImport(reports);
      });
    });
}
