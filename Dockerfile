# One image for the API (default command), the worker (`node dist/src/worker.js`) and the one-shot jobs
# (`npm run migration:run`, `npm run seed`; the TypeORM CLI is a production dependency).
#   docker build -t joint-calls .
#   docker run --rm -p 3000:3000 -e DATABASE_URL=... -e REDIS_URL=... -e JWT_SECRET=... -e ADMIN_PASSWORD=... joint-calls

ARG NODE_IMAGE=node:22-bookworm-slim

# ---- base: settings shared by every stage ------------------------------------------------------
FROM ${NODE_IMAGE} AS base
WORKDIR /app
# SCARF_ANALYTICS=false stops the install-time telemetry of @scarf/scarf (pulled in by swagger-ui-dist).
ENV NPM_CONFIG_UPDATE_NOTIFIER=false \
    NPM_CONFIG_FUND=false \
    NPM_CONFIG_AUDIT=false \
    SCARF_ANALYTICS=false

# ---- build: every dependency, then compile to dist/ ---------------------------------------------
FROM base AS build
COPY package.json package-lock.json ./
RUN npm ci
COPY nest-cli.json tsconfig.json tsconfig.build.json ./
COPY src ./src
COPY migrations ./migrations
RUN npm run build

# ---- prod-deps: production dependencies only (cached until package*.json change) ------------------
FROM base AS prod-deps
COPY package.json package-lock.json ./
RUN npm ci --omit=dev && npm cache clean --force
# argon2 loads a prebuilt binary (prebuilds/linux-x64/argon2.glibc.node, built for Node-API 10, so Node >= 22.14)
# and this image has no compiler to fall back on: fail the build here rather than at the first login.
RUN node -e "require('argon2').hash('probe').then(() => console.log('argon2 native binding OK'))"

# ---- runtime ----------------------------------------------------------------------------------
FROM base AS runtime
ENV NODE_ENV=production \
    PORT=3000
# Owned by root and only readable by `node`: the application cannot rewrite its own code.
COPY package.json package-lock.json ./
COPY --from=prod-deps /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
USER node
EXPOSE 3000
# Liveness only (/health never touches PostgreSQL or Redis). The slim image has no curl: Node's fetch does it.
# The worker has no HTTP port: override (or disable) this check when running the image as the worker.
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.PORT || 3000) + '/health', { signal: AbortSignal.timeout(4000) }).then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
CMD ["node", "dist/src/main.js"]
