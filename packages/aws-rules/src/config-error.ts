/**
 * The one shape of a configuration error's message: where (a call, a hop), the field, and what is wrong
 * with it — `hop 2: roles[1].region: must be an AWS region name like "us-east-1", got "mars-1"`.
 * The problem text uses `showValue` for values and `redacted` for secret fields, never the raw value.
 */
export function configErrorMessage(field: string, problem: string, where?: string): string {
  return `${where === undefined ? '' : `${where}: `}${field}: ${problem}`;
}
