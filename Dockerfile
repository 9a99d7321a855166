# syntax=docker/dockerfile:1.7
# One image for every revcycle process. The command selects the app:
#   docker run revcycle node -r ./tools/register-paths.js dist/apps/<app>/src/main.js
# with <app> one of charts, coding, claims, remittance, compliance, platform (the default).
# tools/register-paths.js maps the @revcycle/* aliases of tsconfig.base.json onto dist/ at run time.
ARG NODE_IMAGE=node:22-bookworm-slim

# ---- build: all dependencies, compile TypeScript to dist/, then drop dev dependencies ------------
FROM ${NODE_IMAGE} AS build
WORKDIR /app
ENV npm_config_update_notifier=false npm_config_fund=false npm_config_audit=false \
    SCARF_ANALYTICS=false DO_NOT_TRACK=1
# (Install scripts run here whatever package.json "allowScripts" says; the two variables above
# keep the analytics postinstall of @scarf/scarf from phoning home.)
# The manifests first, so the dependency layer is cached while only sources change. The root
# package links apps/cli (a file: dev dependency), so its package.json and bin must be present.
# The root postinstall (libs/codesets/scripts/build-snapshot.js) must exist here too; without the
# sources it only reports that the code-set snapshot will be built later (see the runtime stage).
COPY package.json package-lock.json tsconfig.base.json ./
COPY apps/cli/package.json apps/cli/package.json
COPY apps/cli/bin apps/cli/bin
COPY libs/codesets/scripts libs/codesets/scripts
RUN --mount=type=cache,target=/root/.npm npm ci
COPY tsconfig.build.json ./
COPY tools tools
COPY libs libs
COPY apps apps
RUN npm run build
RUN npm prune --omit=dev

# ---- runtime: production dependencies, compiled code, packaged reference data, non-root ---------
FROM ${NODE_IMAGE} AS runtime
# HOST: inside a container the published port reaches the process only on its own interfaces.
ENV NODE_ENV=production \
    DATA_DIR=/app/.data \
    HOST=0.0.0.0
WORKDIR /app
# Owned by root and not writable by the app user: the process can only write DATA_DIR and /tmp.
COPY --from=build /app/package.json ./package.json
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
# register-paths.js reads tsconfig.base.json (aliases) and needs tsconfig-paths (a production dep).
COPY --from=build /app/tsconfig.base.json ./tsconfig.base.json
COPY --from=build /app/tools/register-paths.js ./tools/register-paths.js
# Code sets (ICD-10-CM, HCPCS, NCCI …): found by libs/codesets from dist/ at ../../../../libs/codesets/data.
COPY --from=build /app/libs/codesets/data ./libs/codesets/data
# Prebuild the compact code-set snapshot (node_modules/.cache/revcycle-codesets) here, after the data
# files reached their final paths and mtimes (the snapshot key), so a service loads it in ~0.2 s
# instead of parsing the tables at every start (the root filesystem is read-only in Kubernetes).
RUN node -r ./tools/register-paths.js -e "require('@revcycle/codesets').loadReferenceTables()" \
 && ls node_modules/.cache/revcycle-codesets/reference-tables-*.bin
RUN mkdir -p /app/.data && chown 1000:1000 /app/.data
# The `node` user of the official image (uid/gid 1000), numeric so Kubernetes can verify runAsNonRoot.
USER 1000:1000
EXPOSE 3000 3001 3002 3003 3004 3005
STOPSIGNAL SIGTERM
CMD ["node", "-r", "./tools/register-paths.js", "dist/apps/platform/src/main.js"]
