//! The `knead` binary: serve, migrate, write the spec, or run on a laptop (`dev`).

use anyhow::Context;
use clap::Parser;
use knead_api::config::{Cli, Command, ServerArgs};
use knead_api::{AppState, demo, telemetry};
use knead_persistence::discovery::{self, Origin};
use knead_persistence::{admin, migrate, pool};
use std::net::TcpListener;

#[actix_web::main]
async fn main() -> anyhow::Result<()> {
    let cli = Cli::parse();
    match cli.command {
        Command::Openapi { out, check } => write_spec(&out, check),
        Command::Migrate { database_url } => {
            telemetry::init("info");
            let applied = migrate::run(&database_url).await?;
            tracing::info!(count = applied.len(), ?applied, "migrations applied");
            Ok(())
        }
        Command::Serve {
            database_url,
            server,
        } => {
            telemetry::init(&server.log);
            serve(&database_url, &server, None).await
        }
        Command::Dev {
            project_dir,
            database,
            server,
        } => {
            telemetry::init(&server.log);
            let found = discovery::find_server(&project_dir).await?;
            let url = match found.origin {
                Origin::Environment => found.url.clone(),
                Origin::Localhost | Origin::PrivateCluster => {
                    let mut conn = admin::connect(&found.url).await?;
                    admin::create_database(&mut conn, &database, None).await?;
                    found.database_url(&database)
                }
            };
            tracing::info!(origin = ?found.origin, database = %database_name(&url), "using PostgreSQL");
            serve(&url, &server, Some(found.origin)).await
        }
    }
}

fn database_name(url: &str) -> &str {
    url.rsplit('/').next().unwrap_or(url)
}

fn write_spec(out: &std::path::Path, check: bool) -> anyhow::Result<()> {
    let generated = knead_api::openapi_json();
    if check {
        let committed =
            std::fs::read_to_string(out).with_context(|| format!("reading {}", out.display()))?;
        if committed != generated {
            anyhow::bail!(
                "{} differs from the spec the code generates: run `cargo run -p knead-api --bin knead -- openapi` and commit it",
                out.display()
            );
        }
        println!("{} matches the code", out.display());
        return Ok(());
    }
    std::fs::write(out, generated).with_context(|| format!("writing {}", out.display()))?;
    println!("wrote {}", out.display());
    Ok(())
}

async fn serve(database_url: &str, args: &ServerArgs, dev: Option<Origin>) -> anyhow::Result<()> {
    let applied = migrate::run(database_url).await.context("migrating")?;
    tracing::info!(count = applied.len(), "migrations applied");
    let pool = pool::build(database_url, args.pool_size)?;
    let demo = match dev {
        Some(_) => {
            let mut conn = pool
                .get()
                .await
                .map_err(knead_persistence::StoreError::from)?;
            Some(demo::load_if_empty(&mut conn).await?)
        }
        None => None,
    };
    let listener =
        TcpListener::bind(&args.bind).with_context(|| format!("binding {}", args.bind))?;
    let addr = listener.local_addr()?;
    let workers = if args.workers == 0 {
        std::thread::available_parallelism().map_or(2, |n| n.get())
    } else {
        args.workers
    };
    let server = knead_api::server(AppState { pool }, listener, workers)?;
    tracing::info!(%addr, "serving");
    if let Some(origin) = dev {
        println!("\nKnead is running at http://{addr}/  (API docs: http://{addr}/docs/)");
        println!("PostgreSQL: {origin:?}");
        if let Some(slug) = demo.and_then(|d| d.practice_slug) {
            println!("Loaded demo data: practice `{slug}`");
        }
        println!("Stop with Ctrl-C.\n");
    }
    server.await?;
    Ok(())
}
