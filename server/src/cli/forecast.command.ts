// `kpi forecast --input FILE|-`: DESIGN §6's shapes on the shared forecaster.
import type { Command } from 'commander';
import { parseTargets } from '@kpi/shared/targets';
import { ForecastInputError, forecastSeries } from '@kpi/shared/forecast';
import { CliInputError, parseJson, readInput } from './io.js';

export function registerForecast(program: Command): void {
  program
    .command('forecast')
    .description('forecast each series to its deadline: value, band, probability of missing, level')
    .requiredOption('-i, --input <file>', "input JSON file, or '-' for standard input")
    .option('--pretty', 'indent the output')
    .action(async (options: { input: string; pretty?: boolean }) => {
      const json = parseJson(await readInput(options.input), options.input === '-' ? 'standard input' : options.input);
      try {
        const output = forecastSeries(json, { parseTargets });
        process.stdout.write(`${JSON.stringify(output, null, options.pretty ? 2 : undefined)}\n`);
      } catch (error) {
        if (error instanceof ForecastInputError) {
          throw new CliInputError(error.errors.map((e) => `${e.path}: ${e.message}`).join('\n'));
        }
        throw error;
      }
    });
}
