# The modelgate GitHub App: `docker build -t modelgate-app .`, then see docs/app.md ("Deploy") for
# the `docker run` line and the environment. Runs as the unprivileged user `node`.
# The image holds only build/app-bundle (app/server.ts and everything it uses, Probot included, as
# one ncc bundle, with the HEALTHCHECK script beside it: scripts/bundle.js): no node_modules.
# Node 24: a maintained LTS (20 reached its end of life in April 2026) and one the suite runs on.
FROM node:24-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund --ignore-scripts
COPY . .
RUN npm run compile

FROM node:24-bookworm-slim
ENV NODE_ENV=production PORT=3000 HOST=0.0.0.0 LOG_FORMAT=json
WORKDIR /app
COPY --from=build --chown=root:root /app/build/app-bundle ./build/app-bundle
USER node
EXPOSE 3000
HEALTHCHECK --interval=30s --timeout=5s --start-period=20s --retries=3 CMD ["node", "build/app-bundle/healthcheck.js"]
CMD ["node", "build/app-bundle/index.js"]
