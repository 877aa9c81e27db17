// Property-based tests (fast-check) run with a fixed seed and a bounded number of runs in `npm test`, so a
// CI failure replays exactly; `npm run fuzz` sets ROLECHAIN_FUZZ_RUNS for a long run with a fresh seed, and
// fast-check prints the seed and the shrunk counterexample of any failure.
import fc from 'fast-check';

const fuzzRuns = Number(process.env['ROLECHAIN_FUZZ_RUNS'] ?? '');

fc.configureGlobal(
  Number.isInteger(fuzzRuns) && fuzzRuns > 0 ? { numRuns: fuzzRuns } : { seed: 20261202, numRuns: 200 },
);
