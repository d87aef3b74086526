// Small input helpers shared by CLI subcommands.
import { readFileSync } from 'node:fs';

export async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

/** Reads FILE, or standard input for '-'. */
export async function readInput(file: string): Promise<string> {
  return file === '-' ? readStdin() : readFileSync(file, 'utf8');
}

export class CliInputError extends Error {}

export function parseJson(text: string, what: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new CliInputError(`${what}: not valid JSON (${error instanceof Error ? error.message : String(error)})`);
  }
}
