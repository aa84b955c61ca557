# Build the `knead` binary, then ship it on a slim image.
FROM rust:1.95-bookworm AS build
WORKDIR /src
COPY . .
RUN cargo build --release --locked -p knead-api --bin knead

FROM debian:bookworm-slim
RUN apt-get update && apt-get install -y --no-install-recommends ca-certificates \
    && rm -rf /var/lib/apt/lists/* && useradd --system --uid 10001 knead
COPY --from=build /src/target/release/knead /usr/local/bin/knead
USER knead
ENV KNEAD_BIND=0.0.0.0:8080
EXPOSE 8080
CMD ["knead", "serve"]
