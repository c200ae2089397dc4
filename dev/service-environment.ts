/** Where Temporal and S3 are, as the services' own dev launcher, tests and benchmarks know it. */
export interface ServiceCoordinates {
  temporalAddress: string;
  namespace: string;
  /** More of Temporal's standard variables (TEMPORAL_TLS_*, TEMPORAL_API_KEY…) that reach this server. */
  temporalEnv?: Record<string, string>;
  s3: { endpoint: string; region: string; bucket: string; accessKey: string; secretKey: string };
  /** The progress bus; null or absent runs without it (Temporal polling only). */
  natsUrl?: string | null;
}

/** The environment variables that point the API or a worker process at those services. */
export function serviceEnvironment({
  temporalAddress,
  namespace,
  temporalEnv,
  s3,
  natsUrl,
}: ServiceCoordinates): Record<string, string> {
  return {
    ...temporalEnv,
    TEMPORAL_ADDRESS: temporalAddress,
    TEMPORAL_NAMESPACE: namespace,
    S3_ENDPOINT: s3.endpoint,
    S3_REGION: s3.region,
    S3_BUCKET: s3.bucket,
    S3_ACCESS_KEY: s3.accessKey,
    S3_SECRET_KEY: s3.secretKey,
    ...(natsUrl ? { NATS_URL: natsUrl } : {}),
  };
}
