//! The `knead` command line. Every option can also be set by an environment variable (the
//! table in README.md lists them).

use clap::{Args, Parser, Subcommand};
use std::path::PathBuf;

#[derive(Debug, Parser)]
#[command(
    name = "knead",
    version,
    about = "Practice management for massage therapists who treat runners"
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Migrate the database named by DATABASE_URL, then serve the API.
    Serve {
        #[arg(long, env = "DATABASE_URL")]
        database_url: String,
        #[command(flatten)]
        server: ServerArgs,
    },
    /// Apply pending migrations to the database named by DATABASE_URL, then exit.
    Migrate {
        #[arg(long, env = "DATABASE_URL")]
        database_url: String,
    },
    /// Write the OpenAPI spec generated from the code (or, with --check, compare it).
    Openapi {
        #[arg(long, default_value = "openapi/openapi.json")]
        out: PathBuf,
        /// Exit non-zero when the file differs from the code's spec instead of writing it.
        #[arg(long)]
        check: bool,
    },
    /// Run on a laptop: find or start PostgreSQL, migrate, load demo data when empty, serve.
    Dev {
        /// Where the private PostgreSQL cluster lives (under `.knead/`), if one is needed.
        #[arg(long, env = "KNEAD_PROJECT_DIR", default_value = ".")]
        project_dir: PathBuf,
        /// The database to use on a found server (ignored when DATABASE_URL is set).
        #[arg(long, env = "KNEAD_DEV_DATABASE", default_value = "knead")]
        database: String,
        #[command(flatten)]
        server: ServerArgs,
    },
}

#[derive(Debug, Clone, Args)]
pub struct ServerArgs {
    /// Address to listen on.
    #[arg(long, env = "KNEAD_BIND", default_value = "127.0.0.1:8080")]
    pub bind: String,
    /// HTTP worker threads (0: one per core).
    #[arg(long, env = "KNEAD_WORKERS", default_value_t = 0)]
    pub workers: usize,
    /// Database connections in the pool.
    #[arg(long, env = "KNEAD_DB_POOL_SIZE", default_value_t = 16)]
    pub pool_size: usize,
    /// Log filter, e.g. `info` or `knead_api=debug,info`.
    #[arg(long, env = "KNEAD_LOG", default_value = "info")]
    pub log: String,
}
