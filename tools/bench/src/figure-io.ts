// How a figure's process hands its result to the runner: JSON in the file named by its first argument.
import { writeFileSync } from 'node:fs';
import type { FigureResult } from './model';

/** Runs one figure and writes its result; an error becomes a result that says what went wrong. */
export async function figureMain(
  identity: Pick<FigureResult, 'id' | 'slug' | 'title' | 'method'>,
  measure: () => Promise<Pick<FigureResult, 'rows' | 'notes' | 'series'> & { readonly missing?: string }>,
): Promise<void> {
  const out = process.argv[2];
  if (out === undefined) throw new Error('usage: node <figure>.mjs <result.json>');
  let result: FigureResult;
  try {
    result = { ...identity, ...(await measure()) };
  } catch (error) {
    const reason = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
    result = { ...identity, rows: [], notes: [], missing: `the run failed (${reason})` };
    process.exitCode = 1;
  }
  writeFileSync(out, JSON.stringify(result));
  // Keep-alive sockets, msw and SDK clients may hold the loop open; the result is written, so leave.
  process.exit();
}
