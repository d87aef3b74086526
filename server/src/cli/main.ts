#!/usr/bin/env node
// The `kpi` command line: the same domain core as the server, for scripts and operators.
// Each subcommand lives in its own file and registers itself here.
import { Command, CommanderError } from 'commander';
import { readPackageVersion } from '../config/version.js';
import { registerTarget } from './target.command.js';
import { registerImport } from './import.command.js';
import { registerScore } from './score.command.js';
import { registerForecast } from './forecast.command.js';
import { CliInputError } from './io.js';

export function buildProgram(): Command {
  const program = new Command();
  program
    .name('kpi')
    .description('KPI monitoring and scoring for digital-transformation plans')
    .version(readPackageVersion(), '-V, --version', 'print the version')
    .showHelpAfterError()
    .exitOverride();
  program
    .command('version')
    .description('print the version of the tool and of its domain core')
    .action(() => {
      process.stdout.write(
        `${JSON.stringify({ name: 'kpi', version: readPackageVersion(), node: process.version })}\n`,
      );
    });
  registerTarget(program);
  registerScore(program);
  registerForecast(program);
  registerImport(program);
  return program;
}

async function main(argv: string[]): Promise<void> {
  const program = buildProgram();
  try {
    await program.parseAsync(argv);
  } catch (error) {
    if (error instanceof CommanderError) {
      process.exitCode = error.exitCode;
      return;
    }
    process.stderr.write(`kpi: ${error instanceof Error ? error.message : String(error)}\n`);
    // 2: the input was wrong (the message names the field); 1: anything else
    process.exitCode = error instanceof CliInputError ? 2 : 1;
  }
}

await main(process.argv);
