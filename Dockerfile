# The images of the stack, from one recipe:
#   --target api, --target worker  the services; they differ only in their command, and the
#                                  worker also gets the workflow bundle, built here once
#   --target s3-server             versitygw, built from its Go module as dev/ builds it
#   --target nats-server           nats-server (the progress bus), the same way
# TypeScript runs through tsx, a runtime dependency, so there is no compile step and what runs
# is exactly what is in the repository (the packages too: tsconfig's paths point tsx at their source).

ARG NODE_IMAGE=node:24-bookworm-slim
# nats-server v2.15's go.mod asks for Go 1.26; versitygw builds with it too.
ARG GO_IMAGE=golang:1.26-bookworm
ARG S3_RUNTIME_IMAGE=busybox:1.37

FROM ${GO_IMAGE} AS s3-server-build
# The version dev/binaries.ts pins for `npm start` and the tests (Apache-2.0, maintained).
ARG VERSITYGW_VERSION=v1.7.0
RUN CGO_ENABLED=0 GOBIN=/out go install -ldflags='-s -w' \
      "github.com/versity/versitygw/cmd/versitygw@${VERSITYGW_VERSION}"

FROM ${GO_IMAGE} AS nats-server-build
# The version dev/binaries.ts pins (Apache-2.0).
ARG NATS_SERVER_VERSION=v2.15.2
RUN CGO_ENABLED=0 GOBIN=/out go install -ldflags='-s -w' \
      "github.com/nats-io/nats-server/v2@${NATS_SERVER_VERSION}"

# A static binary on busybox: sh for the healthcheck's wget; core NATS, no JetStream state.
FROM ${S3_RUNTIME_IMAGE} AS nats-server
COPY --from=nats-server-build /out/nats-server /usr/local/bin/nats-server
USER 10001:10001
EXPOSE 4222 8222
ENTRYPOINT ["/usr/local/bin/nats-server", "--port", "4222", "--http_port", "8222"]

# A static binary on busybox: sh for the start script, wget for the healthcheck, nothing else.
FROM ${S3_RUNTIME_IMAGE} AS s3-server
COPY --from=s3-server-build /out/versitygw /usr/local/bin/versitygw
# Owned by the unprivileged user, so that a new named volume mounted on /data is too.
RUN mkdir -p /data && chown 10001:10001 /data
USER 10001:10001
EXPOSE 7070

FROM ${NODE_IMAGE} AS dependencies
WORKDIR /app
COPY package.json package-lock.json ./
# The workspaces' manifests, so npm ci links the packages the service is built from.
COPY packages/client/package.json ./packages/client/
COPY packages/jobs/package.json ./packages/jobs/
COPY packages/status-element/package.json ./packages/status-element/
COPY packages/react/package.json ./packages/react/
# --ignore-scripts: the platform binaries (Temporal core bridge, esbuild, swc) come as
# packages, no install script is needed, and development and CI install the same way.
RUN npm ci --omit=dev --ignore-scripts --no-audit --no-fund && npm cache clean --force

FROM ${NODE_IMAGE} AS source
WORKDIR /app
COPY --from=dependencies /app/node_modules ./node_modules
COPY package.json tsconfig.json ./
COPY packages ./packages
COPY jobs ./jobs
COPY services ./services

# webpack runs here, at build time; a worker that bundled at start would need seconds of CPU
# and hundreds of MiB before it polls, on every restart and every scaled-out replica.
FROM source AS workflow-bundle
RUN node --import tsx services/worker/build-workflow-bundle.ts /app/workflow-bundle.js

# The source stays owned by root and read-only for the process; it writes only to /tmp.
FROM source AS app
USER node

FROM app AS worker
COPY --from=workflow-bundle /app/workflow-bundle.js /app/workflow-bundle.js
ENV WORKER_WORKFLOW_BUNDLE_PATH=/app/workflow-bundle.js
CMD ["node", "--import", "tsx", "services/worker/worker.ts"]

# Last, so a plain `docker build .` gives the API.
FROM app AS api
EXPOSE 3000
CMD ["node", "--import", "tsx", "services/api/server.ts"]
