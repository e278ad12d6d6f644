# Gatehouse container image. Build: docker build -t gatehouse .
# test/deploy/production-install.test.ts runs this file's build and runtime commands outside a container,
# so keep every RUN/COPY/CMD line here in the plain forms that test understands.

FROM node:20-bookworm-slim AS build
WORKDIR /app
# Toolchain for sqlite3's native build, used only when no prebuilt binary fits; it stays in this stage.
RUN apt-get update && apt-get install -y --no-install-recommends python3 make g++ && rm -rf /var/lib/apt/lists/*
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json ./
COPY src ./src
COPY handlers ./handlers
COPY cards ./cards
COPY adapters ./adapters
RUN npm run build
# Production dependencies only (the native sqlite3 build above is kept), and the data directory's owner-to-be.
RUN npm prune --omit=dev --no-audit --no-fund
RUN mkdir -p data

FROM node:20-bookworm-slim AS runtime
ENV NODE_ENV=production
ENV PORT=3000
ENV POLICY_FILE=/etc/gatehouse/policy.yaml
WORKDIR /app
COPY --from=build /app/package.json ./package.json
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
# STORE_URL defaults to sqlite://./data/gatehouse.sqlite, i.e. /app/data: a volume the non-root user owns.
COPY --from=build --chown=node:node /app/data ./data
VOLUME ["/app/data"]
USER node
EXPOSE 3000
HEALTHCHECK --interval=30s --timeout=5s --start-period=20s --retries=3 CMD ["node", "-e", "fetch('http://127.0.0.1:'+(process.env.PORT||3000)+'/healthz').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"]
STOPSIGNAL SIGTERM
# Exec form, so node is PID 1 and gets SIGTERM itself (it handles it): it stops being ready,
# waits SHUTDOWN_GRACE_SECONDS, drains the alert queues and closes the store. No npm here (it would not
# forward signals).
CMD ["node", "--max-old-space-size=256", "dist/adapters/main.js"]
