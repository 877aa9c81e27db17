/**
 * The service's metrics: one `MeterProvider` whose reader is `@opentelemetry/exporter-prometheus`'s
 * exporter, never started as a server of its own (`preventServerStart`). The credential provider reports
 * into it (`meterProvider`), and `GET /metrics` answers what one collection serialises to, in Prometheus text
 * format — the exporter's own collect-and-serialise, as an answer of the routes rather than a second port.
 * Nothing is registered globally.
 */
import { PrometheusExporter, PrometheusSerializer } from '@opentelemetry/exporter-prometheus';
import { MeterProvider } from '@opentelemetry/sdk-metrics';

export interface ServiceMetrics {
  /** Give it to `fromRoleChain` (`meterProvider`) and anything else that reports metrics. */
  meterProvider: MeterProvider;
  /** One collection, in Prometheus text format (version 0.0.4). */
  scrape(): Promise<string>;
  shutdown(): Promise<void>;
}

/** The content type of `scrape()`'s text. */
export const prometheusContentType = 'text/plain; version=0.0.4; charset=utf-8';

export function createServiceMetrics(): ServiceMetrics {
  const exporter = new PrometheusExporter({ preventServerStart: true });
  const meterProvider = new MeterProvider({ readers: [exporter] });
  const serializer = new PrometheusSerializer();
  return {
    meterProvider,
    async scrape() {
      const { resourceMetrics, errors } = await exporter.collect();
      if (errors.length > 0) throw new AggregateError(errors, 'collecting the metrics failed');
      return serializer.serialize(resourceMetrics);
    },
    shutdown: () => meterProvider.shutdown(),
  };
}
