// `kpi target TEXT…` / `kpi target --stdin`: one JSON line per text, DESIGN §4's shape.
import type { Command } from 'commander';
import { parseTargetText } from '@kpi/shared/targets';
import { readStdin } from './io.js';

export function registerTarget(program: Command): void {
  program
    .command('target')
    .description('parse Vietnamese target texts, one JSON object per text: {"text", "targets"}')
    .argument('[texts...]', 'target texts, e.g. "đạt ≥ 98%"')
    .option('--stdin', 'read one text per line from standard input')
    .addHelpText(
      'after',
      '\nExample:\n  kpi target "đạt ≥ 98%" "xếp hạng từ thứ 10 trở lên"\n  printf "7%% - 7,5%%\\n" | kpi target --stdin',
    )
    .action(async (texts: string[], options: { stdin?: boolean }) => {
      const inputs = options.stdin ? (await readStdin()).split(/\r?\n/).filter((line) => line.trim() !== '') : texts;
      if (inputs.length === 0) {
        process.stderr.write('kpi target: give at least one TEXT, or --stdin\n');
        process.exitCode = 2;
        return;
      }
      const out: string[] = [];
      for (const text of inputs) {
        const { targets, reason } = parseTargetText(text);
        out.push(JSON.stringify({ text, targets }));
        if (reason) process.stderr.write(`kpi target: no target in ${JSON.stringify(text)}: ${reason}\n`);
      }
      process.stdout.write(out.join('\n') + '\n');
    });
}
