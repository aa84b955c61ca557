# Build the web app and the `knead` binary, then ship both on a slim image.
FROM node:20-bookworm-slim AS web
WORKDIR /src/frontend
COPY frontend/package.json frontend/package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY openapi/ /src/openapi/
COPY frontend/ ./
RUN npm run build

FROM rust:1.95-bookworm AS build
WORKDIR /src
COPY . .
RUN cargo build --release --locked -p knead-api --bin knead

FROM debian:bookworm-slim
RUN apt-get update && apt-get install -y --no-install-recommends ca-certificates \
    && rm -rf /var/lib/apt/lists/* && useradd --system --uid 10001 knead
COPY --from=build /src/target/release/knead /usr/local/bin/knead
COPY --from=web /src/frontend/dist /usr/share/knead/frontend
USER knead
ENV KNEAD_BIND=0.0.0.0:8080 KNEAD_FRONTEND_DIR=/usr/share/knead/frontend
EXPOSE 8080
CMD ["knead", "serve"]
