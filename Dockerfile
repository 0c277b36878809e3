# syntax=docker/dockerfile:1
# The replbench image: the compiled CLI (dist/) and its production dependencies on
# Node 20, run as an unprivileged user, `replbench` as the entrypoint, so a pod or
# a `docker run` passes only arguments:
#   docker run --rm ghcr.io/your-org/replbench:0.1.0 probe --endpoint … bench/app:v1
# Build (see README, "Container image"):
#   docker build -t replbench:0.1.0 --build-arg VERSION=0.1.0 \
#     --build-arg REVISION="$(git rev-parse HEAD)" .
# BASE names the Node image of all three stages (a mirror, or a pinned digest).
# Behind a TLS-inspecting proxy, give npm its CA as a build secret (never a layer):
#   docker build --secret id=ca,src=/etc/ssl/certs/ca-certificates.crt …
ARG BASE=docker.io/library/node:20.20.2-bookworm-slim

# 1. Compile: every dependency (tsc is a dev dependency), then `npm run build`.
FROM ${BASE} AS build
WORKDIR /src
COPY package.json package-lock.json ./
RUN --mount=type=secret,id=ca \
    if [ -f /run/secrets/ca ]; then export NODE_EXTRA_CA_CERTS=/run/secrets/ca; fi; \
    npm ci --ignore-scripts --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json ./
COPY src ./src
RUN npm run build

# 2. Production dependencies only, from the lock file; no install scripts run.
FROM ${BASE} AS deps
WORKDIR /app
COPY package.json package-lock.json ./
RUN --mount=type=secret,id=ca \
    if [ -f /run/secrets/ca ]; then export NODE_EXTRA_CA_CERTS=/run/secrets/ca; fi; \
    npm ci --omit=dev --ignore-scripts --no-audit --no-fund && npm cache clean --force

# 3. The runtime: node_modules, dist/, bin/, scenarios, lab configs and schemas; no compiler, no tsx.
FROM ${BASE}
ARG VERSION=0.1.0
ARG REVISION=unknown
ARG SOURCE=https://github.com/your-org/replbench
ARG CREATED=unknown
LABEL org.opencontainers.image.title="replbench" \
      org.opencontainers.image.description="Replication load-test and performance harness for geo-replicated container registries" \
      org.opencontainers.image.source="${SOURCE}" \
      org.opencontainers.image.url="${SOURCE}" \
      org.opencontainers.image.documentation="${SOURCE}#readme" \
      org.opencontainers.image.version="${VERSION}" \
      org.opencontainers.image.revision="${REVISION}" \
      org.opencontainers.image.created="${CREATED}" \
      org.opencontainers.image.licenses="MIT"
ENV NODE_ENV=production
WORKDIR /app
COPY --from=deps /app/node_modules ./node_modules
COPY --from=build /src/dist ./dist
COPY package.json README.md scenario.schema.json lab-config.schema.json ./
COPY bin ./bin
COPY scenarios ./scenarios
COPY lab ./lab
# /work is where relative paths land (reports/ by default); mount a volume there
# or pass --reports-dir. UID 1000 is the base image's `node` user; numeric so that
# Kubernetes' runAsNonRoot can check it.
RUN ln -s /app/bin/replbench.js /usr/local/bin/replbench && mkdir /work && chown 1000:1000 /work
USER 1000:1000
WORKDIR /work
ENTRYPOINT ["replbench"]
CMD ["--help"]
