// The part of autocannon's API the soak uses (the package ships no types).
declare module 'autocannon' {
  interface Request {
    readonly path: string;
    readonly method?: string;
  }
  interface Options {
    readonly url: string;
    readonly connections: number;
    readonly duration: number;
    readonly timeout?: number;
    readonly requests?: readonly Request[];
  }
  interface Histogram {
    readonly p50: number;
    readonly p99: number;
    readonly average: number;
    readonly max: number;
  }
  interface Result {
    readonly latency: Histogram;
    readonly requests: Histogram & { readonly total: number; readonly sent: number };
    readonly errors: number;
    readonly timeouts: number;
    readonly non2xx: number;
    readonly '2xx': number;
    readonly statusCodeStats: Readonly<Record<string, { readonly count: number }>>;
  }
  function autocannon(options: Options): Promise<Result>;
  export default autocannon;
}
