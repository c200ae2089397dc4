# One image recipe for both services: `--target api` and `--target worker` differ only in
# the command they run. TypeScript runs through tsx, a runtime dependency, so there is no
# build step and what runs is exactly what is in the repository.

ARG NODE_IMAGE=node:20-bookworm-slim

FROM ${NODE_IMAGE} AS dependencies
WORKDIR /app
COPY package.json package-lock.json ./
# --ignore-scripts: the platform binaries (Temporal core bridge, esbuild, swc) come as
# packages, no install script is needed, and development and CI install the same way.
RUN npm ci --omit=dev --ignore-scripts --no-audit --no-fund && npm cache clean --force

FROM ${NODE_IMAGE} AS app
WORKDIR /app
COPY --from=dependencies /app/node_modules ./node_modules
COPY package.json tsconfig.json ./
COPY workflows ./workflows
COPY activities ./activities
COPY jobs ./jobs
COPY services ./services
# The source stays owned by root and read-only for the process; it writes only to /tmp.
USER node

FROM app AS worker
CMD ["node", "--import", "tsx", "services/worker/worker.ts"]

# Last, so a plain `docker build .` gives the API.
FROM app AS api
EXPOSE 3000
CMD ["node", "--import", "tsx", "services/api/server.ts"]
