// `kpi score --input FILE|-`: DESIGN §5's input and output shapes, on the shared engine.
import type { Command } from 'commander';
import { parseTargetText } from '@kpi/shared/targets';
import { scorePlan, validateScoringInput } from '@kpi/shared/scoring';
import { CliInputError, parseJson, readInput } from './io.js';

export function registerScore(program: Command): void {
  program
    .command('score')
    .description('score agencies against their targets (DESIGN §5 JSON in, JSON out)')
    .requiredOption('-i, --input <file>', "input JSON file, or '-' for standard input")
    .option('--pretty', 'indent the output')
    .action(async (options: { input: string; pretty?: boolean }) => {
      const json = parseJson(await readInput(options.input), options.input === '-' ? 'standard input' : options.input);
      const checked = validateScoringInput(json);
      if (!checked.ok) throw new CliInputError(checked.errors.map((e) => `${e.field}: ${e.reason}`).join('\n'));
      const problems: string[] = [];
      const indicators = checked.input.indicators.map((indicator, i) => {
        const { targets, reason } = parseTargetText(indicator.target);
        if (!targets.length) problems.push(`indicators[${i}].target: no target in "${indicator.target}" (${reason})`);
        return { ...indicator, targets };
      });
      if (problems.length) throw new CliInputError(problems.join('\n'));
      const output = scorePlan({ ...checked.input, indicators });
      process.stdout.write(`${JSON.stringify(output, null, options.pretty ? 2 : undefined)}\n`);
    });
}
