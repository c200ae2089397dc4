import type { MetricsSource } from '../shared/metrics-server';

/** A scrape must not hang on the SDK's exporter; Prometheus' own default timeout is 10 s. */
const SDK_SCRAPE_TIMEOUT_MS = 2000;

/**
 * The worker's /metrics text: its own registry (jobs, process) followed by the text of the
 * SDK's Prometheus exporter, so one port serves both. Metric names do not overlap: the
 * SDK's all start with `temporal_`.
 */
export function withSdkMetrics(own: MetricsSource, sdkMetricsUrl: string | undefined): MetricsSource {
  if (!sdkMetricsUrl) return own;
  return {
    contentType: own.contentType,
    async metrics() {
      const [ownText, sdkText] = await Promise.all([own.metrics(), scrapeSdkMetrics(sdkMetricsUrl)]);
      return `${ownText.trimEnd()}\n\n${sdkText}`;
    },
  };
}

async function scrapeSdkMetrics(url: string): Promise<string> {
  try {
    const response = await fetch(url, { signal: AbortSignal.timeout(SDK_SCRAPE_TIMEOUT_MS) });
    if (!response.ok) throw new Error(`HTTP ${response.status}`);
    return await response.text();
  } catch (error) {
    // The job and process metrics still go out; the scrape says why the SDK's are missing.
    return `# SDK metrics unavailable: ${error instanceof Error ? error.message : String(error)}\n`;
  }
}
