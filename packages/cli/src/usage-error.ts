/** The command line is wrong (unknown or missing flag, bad value): the CLI exits with code 2. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}
