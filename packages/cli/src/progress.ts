/** How long a step may take before the CLI says on stderr what it is waiting for. */
export const progressAfterMs = 1000;

/**
 * Awaits `work`; if it takes longer than `afterMs`, writes `message` once to `stderr` so a slow STS or an MFA
 * wait is not mistaken for a hang. Fast steps print nothing. The timer never keeps the process alive.
 */
export async function withProgress<T>(
  work: Promise<T>,
  message: string,
  stderr: (text: string) => void,
  afterMs = progressAfterMs,
): Promise<T> {
  const timer = setTimeout(() => {
    stderr(`rolechain: ${message}…\n`);
  }, afterMs);
  timer.unref();
  try {
    return await work;
  } finally {
    clearTimeout(timer);
  }
}
