import { Type, type Static } from 'typebox';
import { port } from '../services/shared/config-parts';
import { loadEnv } from '../services/shared/load-env';

const StartConfig = Type.Object({
  PORT: port('the API port', 3000),
  TEMPORAL_PORT: port('the gRPC port of the Temporal dev server', 7233),
  TEMPORAL_UI_PORT: port('the port of the Temporal web UI', 8233),
  S3_PORT: port('the port of the local S3 server', 7070),
  NATS_PORT: port('the port of the local NATS server (the progress bus)', 4222),
});

/** The ports `npm start` uses; each is overridable by its variable. */
export type StartConfig = Static<typeof StartConfig>;

/** Reads the ports of `npm start`; throws one `ConfigError` naming every bad variable. */
export function loadStartConfig(env: NodeJS.ProcessEnv = process.env): StartConfig {
  return loadEnv(StartConfig, env);
}
