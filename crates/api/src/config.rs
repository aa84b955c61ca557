//! The `knead` command line. Every option can also be set by an environment variable (the
//! table in README.md lists them).

use crate::auth::passwords::HashCost;
use crate::state::{Settings, ThrottleSettings};
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
    #[command(flatten)]
    pub argon2: Argon2Args,
}

/// The cost of the password hashes this process makes (serve and dev for password changes and
/// staff set-up, demo and admin for the accounts they create). Stored hashes keep their own.
#[derive(Debug, Clone, Copy, Args)]
pub struct Argon2Args {
    /// argon2id memory in KiB for new password hashes (OWASP: 19456 with 2 iterations, or an
    /// equal-strength pair such as 7168 with 5).
    #[arg(long, global = true, env = "KNEAD_ARGON2_MEMORY_KIB", default_value_t = HashCost::DEFAULT.memory_kib,
          value_parser = parse_memory_kib)]
    pub argon2_memory_kib: u32,
    /// argon2id passes over the memory for new password hashes.
    #[arg(long, global = true, env = "KNEAD_ARGON2_ITERATIONS", default_value_t = HashCost::DEFAULT.iterations,
          value_parser = parse_iterations)]
    pub argon2_iterations: u32,
}

impl Argon2Args {
    pub fn cost(&self) -> HashCost {
        HashCost {
            memory_kib: self.argon2_memory_kib,
            iterations: self.argon2_iterations,
        }
    }
}

const MEMORY_KIB: std::ops::RangeInclusive<u32> = 7_168..=1_048_576;
const ITERATIONS: std::ops::RangeInclusive<u32> = 1..=16;

fn parse_memory_kib(value: &str) -> Result<u32, String> {
    within(
        value,
        MEMORY_KIB,
        "KNEAD_ARGON2_MEMORY_KIB",
        "KiB of memory (OWASP's smallest is 7168)",
    )
}

fn parse_iterations(value: &str) -> Result<u32, String> {
    within(value, ITERATIONS, "KNEAD_ARGON2_ITERATIONS", "passes")
}

fn within(value: &str, range: std::ops::RangeInclusive<u32>, name: &str, unit: &str) -> Result<u32, String> {
    value
        .trim()
        .parse::<u32>()
        .ok()
        .filter(|n| range.contains(n))
        .ok_or_else(|| {
            format!(
                "{name} must be a whole number from {} to {} ({unit}), not `{value}`",
                range.start(),
                range.end()
            )
        })
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Migrate the database, then serve the API.
    Serve {
        /// The database the API connects to: the app role's URL (`knead_app`, DML only).
        #[arg(long, env = "DATABASE_URL")]
        database_url: String,
        /// The owner's URL, for migrations; when unset, DATABASE_URL migrates too.
        #[arg(long, env = "KNEAD_MIGRATE_DATABASE_URL")]
        migrate_database_url: Option<String>,
        #[command(flatten)]
        server: ServerArgs,
    },
    /// Apply pending migrations as the owner (KNEAD_MIGRATE_DATABASE_URL, else DATABASE_URL),
    /// then exit.
    Migrate {
        #[arg(long, env = "DATABASE_URL")]
        database_url: String,
        /// The owner's URL; when unset, DATABASE_URL migrates.
        #[arg(long, env = "KNEAD_MIGRATE_DATABASE_URL")]
        migrate_database_url: Option<String>,
    },
    /// Write the OpenAPI spec generated from the code (or, with --check, compare it).
    Openapi {
        #[arg(long, default_value = "openapi/openapi.json")]
        out: PathBuf,
        /// Exit non-zero when the file differs from the code's spec instead of writing it.
        #[arg(long)]
        check: bool,
    },
    /// Administration: create a practice with its first owner; reset someone's two-factor
    /// sign-in.
    Admin {
        #[command(subcommand)]
        command: AdminCommand,
    },
    /// The audit log: `verify` recomputes every practice's hash chain.
    Audit {
        #[command(subcommand)]
        command: AuditCommand,
    },
    /// Session notes: `verify` recomputes every signed note's hash.
    Notes {
        #[command(subcommand)]
        command: NotesCommand,
    },
    /// Generate a practice of benchmark size after migrating: at --scale 1, ten therapists,
    /// 10,000 clients, 100,000 bookings and 100,000 signed notes (the counts times N; each
    /// may be set on its own). Prints the login (password `stride-demo-2026`), a client id
    /// and the busiest week, as `key=value` lines.
    Demo {
        #[arg(long, env = "DATABASE_URL")]
        database_url: String,
        /// The owner's URL, for the migrations run first; when unset, DATABASE_URL.
        #[arg(long, env = "KNEAD_MIGRATE_DATABASE_URL")]
        migrate_database_url: Option<String>,
        #[arg(long, default_value_t = 1, value_parser = clap::value_parser!(u32).range(1..=100))]
        scale: u32,
        /// The practice's slug (refused when taken); logins are `owner@<slug>.example`.
        #[arg(long, default_value = "bench")]
        slug: String,
        /// Clients instead of 10,000 x N.
        #[arg(long)]
        clients: Option<usize>,
        /// Bookings instead of 100,000 x N.
        #[arg(long)]
        bookings: Option<usize>,
        /// Signed notes instead of 100,000 x N.
        #[arg(long)]
        notes: Option<usize>,
    },
    /// Run on a laptop: find or start PostgreSQL, migrate, load demo data when empty, serve.
    Dev {
        /// Where the private PostgreSQL cluster lives (under `.knead/`), if one is needed.
        #[arg(long, env = "KNEAD_PROJECT_DIR", default_value = ".")]
        project_dir: PathBuf,
        /// The database to use on a found server (ignored when DATABASE_URL is set).
        #[arg(long, env = "KNEAD_DEV_DATABASE", default_value = "knead")]
        database: String,
        /// Drop and recreate that database first (browser tests start from the demo data).
        #[arg(long)]
        fresh: bool,
        #[command(flatten)]
        server: ServerArgs,
    },
}

#[derive(Debug, Subcommand)]
pub enum AdminCommand {
    /// Create a practice and its owner. The owner's password comes from KNEAD_OWNER_PASSWORD
    /// or a prompt, never from a flag.
    CreatePractice {
        #[arg(long, env = "DATABASE_URL")]
        database_url: String,
        /// The owner's URL, for the migrations run first; when unset, DATABASE_URL.
        #[arg(long, env = "KNEAD_MIGRATE_DATABASE_URL")]
        migrate_database_url: Option<String>,
        #[arg(long)]
        name: String,
        /// Lowercase handle used at login, e.g. `stride`.
        #[arg(long)]
        slug: String,
        /// IANA time zone, e.g. `America/Denver`.
        #[arg(long)]
        zone: String,
        #[arg(long)]
        owner_email: String,
        #[arg(long, default_value = "Owner")]
        owner_name: String,
    },
    /// Remove a staff member's two-factor sign-in (a last owner who lost the device): their
    /// logins end, and they set it up again (at their next sign-in where the practice
    /// requires it).
    ResetMfa {
        #[arg(long, env = "DATABASE_URL")]
        database_url: String,
        /// The practice's slug.
        #[arg(long)]
        practice: String,
        /// The staff member's email.
        #[arg(long)]
        email: String,
    },
}

#[derive(Debug, Subcommand)]
pub enum AuditCommand {
    /// Recompute every practice's chain; report the first break and exit non-zero if any.
    Verify {
        #[arg(long, env = "DATABASE_URL")]
        database_url: String,
        /// Heads saved earlier by `knead audit head`: also fail when a practice's chain is
        /// shorter than, or differs at, its saved head (deleted tail events with a rewound head).
        #[arg(long)]
        expect: Option<PathBuf>,
    },
    /// Print each practice's head (`<practice id> <sequence> <hex hash>`, one line per
    /// practice), to be stored outside the database and passed back to `verify --expect`.
    Head {
        #[arg(long, env = "DATABASE_URL")]
        database_url: String,
    },
}

#[derive(Debug, Subcommand)]
pub enum NotesCommand {
    /// Recompute the hash of every signed note; list the ones that changed and exit non-zero.
    Verify {
        #[arg(long, env = "DATABASE_URL")]
        database_url: String,
    },
}

#[derive(Debug, Clone, Args)]
pub struct ServerArgs {
    /// Address to listen on.
    #[arg(long, env = "KNEAD_BIND", default_value = "127.0.0.1:8080")]
    pub bind: String,
    /// Address of a separate listener serving Prometheus metrics at `/metrics` (off unless
    /// set; never served on the public listener).
    #[arg(long, env = "KNEAD_METRICS_BIND")]
    pub metrics_bind: Option<String>,
    /// HTTP worker threads (0: one per core).
    #[arg(long, env = "KNEAD_WORKERS", default_value_t = 0)]
    pub workers: usize,
    /// A streaming replica of DATABASE_URL's database (the same roles) that serves the reads
    /// that may lag: calendar, availability, lists, reports, calendar feeds. Unset: every
    /// read goes to DATABASE_URL. See docs/scaling.md section 3.
    #[arg(long, env = "KNEAD_READ_DATABASE_URL", hide_env_values = true)]
    pub read_database_url: Option<String>,
    /// Database connections in the pool (and in the replica's pool).
    #[arg(long, env = "KNEAD_DB_POOL_SIZE", default_value_t = 16)]
    pub pool_size: usize,
    /// Milliseconds a request waits for a database connection (free in the pool, or newly
    /// made) before answering 503 with `Retry-After`.
    #[arg(long, env = "KNEAD_DB_TIMEOUT_MS", default_value_t = 1000, value_parser = clap::value_parser!(u64).range(50..=60_000))]
    pub db_timeout_ms: u64,
    /// Milliseconds a database statement may run (or wait for a lock) before it is cancelled
    /// and the request answers 503 (0: no bound).
    #[arg(long, env = "KNEAD_STATEMENT_TIMEOUT", default_value_t = 30_000)]
    pub statement_timeout_ms: u64,
    /// Milliseconds a request body may take to arrive before the answer is 408.
    #[arg(long, env = "KNEAD_BODY_TIMEOUT_MS", default_value_t = 10_000, value_parser = clap::value_parser!(u64).range(100..=600_000))]
    pub body_timeout_ms: u64,
    /// Request bodies read at once (slow senders included); past that, 503 at once.
    #[arg(long, env = "KNEAD_MAX_BODY_READS", default_value_t = 256, value_parser = clap::value_parser!(u32).range(1..))]
    pub max_body_reads: u32,
    /// Requests a minute each API key may make, per replica: with N replicas a key may make
    /// up to N times as many.
    #[arg(long, env = "KNEAD_API_KEY_RATE", default_value_t = 600, value_parser = clap::value_parser!(u32).range(1..))]
    pub api_key_rate: u32,
    /// Seconds between runs of the job that books series occurrences coming into the
    /// one-year horizon.
    #[arg(long, env = "KNEAD_SERIES_EXTEND_SECS", default_value_t = 3600, value_parser = clap::value_parser!(u64).range(1..))]
    pub series_extend_secs: u64,
    /// Log filter, e.g. `info` or `knead_api=debug,info`.
    #[arg(long, env = "KNEAD_LOG", default_value = "info")]
    pub log: String,
    /// Key that signs access tokens (at least 32 bytes; the same on every replica). When unset,
    /// a random key is made at start: tokens then die with the process.
    #[arg(long, env = "KNEAD_JWT_SECRET", hide_env_values = true)]
    pub jwt_secret: Option<String>,
    /// Keys that encrypt secrets at rest (two-factor and webhook secrets): `id:base64key[,id:base64key…]`,
    /// 32-byte keys, the first encrypting, the others still decrypting (rotation). When unset,
    /// a development key published in the source is used: never in production.
    #[arg(long, env = "KNEAD_ENCRYPTION_KEYS", hide_env_values = true)]
    pub encryption_keys: Option<String>,
    /// Where email goes: an SMTP URL (`smtp://user:pass@host:587?tls=required`,
    /// `smtps://user:pass@host`). Takes precedence over `KNEAD_MAIL_DIR`.
    #[arg(long, env = "KNEAD_SMTP_URL", hide_env_values = true)]
    pub smtp_url: Option<String>,
    /// A folder to write each email into as an `.eml` file instead of sending it (development;
    /// `knead dev` uses `.knead/mail` when neither this nor `KNEAD_SMTP_URL` is set).
    #[arg(long, env = "KNEAD_MAIL_DIR")]
    pub mail_dir: Option<PathBuf>,
    /// The sender of email, e.g. `Stride Massage <desk@stride.example>` (default: `Knead
    /// <no-reply@HOST>`, HOST being `KNEAD_PUBLIC_URL`'s).
    #[arg(long, env = "KNEAD_MAIL_FROM")]
    pub mail_from: Option<String>,
    /// Comma-separated proxy addresses whose X-Forwarded-For is believed.
    #[arg(long, env = "KNEAD_TRUSTED_PROXIES", value_delimiter = ',')]
    pub trusted_proxies: Vec<std::net::IpAddr>,
    /// The URL people open (one-time links point here).
    #[arg(long, env = "KNEAD_PUBLIC_URL", default_value = "http://127.0.0.1:8080")]
    pub public_url: String,
    /// Failed logins per account within 15 minutes before a 15-minute lockout.
    #[arg(long, env = "KNEAD_LOGIN_ACCOUNT_FAILURES", default_value_t = 5)]
    pub login_account_failures: i32,
    /// Failed logins per client IP within 15 minutes before a 15-minute lockout.
    #[arg(long, env = "KNEAD_LOGIN_IP_FAILURES", default_value_t = 50)]
    pub login_ip_failures: i32,
    /// Failed public-link (intake) lookups per client IP within 15 minutes before a lockout.
    #[arg(long, env = "KNEAD_LINK_IP_FAILURES", default_value_t = 20)]
    pub link_ip_failures: i32,
    /// Password hashes computed at once (0: half the cores, at least 1).
    #[arg(long, env = "KNEAD_HASH_CONCURRENCY", default_value_t = 0)]
    pub hash_concurrency: usize,
    /// The built frontend to serve at `/` (skipped when it has no index.html).
    #[arg(long, env = "KNEAD_FRONTEND_DIR", default_value = "frontend/dist")]
    pub frontend_dir: PathBuf,
    /// Comma-separated browser origins allowed to call the API (a frontend on its own origin),
    /// e.g. `https://app.example.com`.
    #[arg(long, env = "KNEAD_CORS_ORIGINS", value_delimiter = ',')]
    pub cors_origins: Vec<String>,
}

impl ServerArgs {
    /// The pool these arguments ask for.
    pub fn pool_options(&self) -> knead_persistence::pool::Options {
        knead_persistence::pool::Options {
            max_size: self.pool_size,
            timeout: std::time::Duration::from_millis(self.db_timeout_ms),
            statement_timeout: (self.statement_timeout_ms > 0)
                .then(|| std::time::Duration::from_millis(self.statement_timeout_ms)),
        }
    }

    pub fn settings(&self) -> anyhow::Result<Settings> {
        let jwt_secret = match &self.jwt_secret {
            Some(secret) if secret.len() >= 32 => secret.as_bytes().to_vec(),
            Some(_) => anyhow::bail!("KNEAD_JWT_SECRET must be at least 32 bytes"),
            None => {
                tracing::warn!("KNEAD_JWT_SECRET is not set: using a random key; logins end when the process stops");
                let mut key = vec![0u8; 32];
                rand::RngCore::fill_bytes(&mut rand::rng(), &mut key);
                key
            }
        };
        let encryption = match &self.encryption_keys {
            Some(keys) => crate::encryption::Keyring::parse(keys)?,
            None => {
                tracing::warn!(
                    "KNEAD_ENCRYPTION_KEYS is not set: using the development key, which is public; set it in production"
                );
                crate::encryption::Keyring::development()
            }
        };
        let cores = std::thread::available_parallelism().map_or(2, |n| n.get());
        let hash_concurrency = if self.hash_concurrency == 0 {
            (cores / 2).max(1)
        } else {
            self.hash_concurrency
        };
        Ok(Settings {
            jwt_secret,
            encryption,
            trusted_proxies: self.trusted_proxies.clone(),
            public_url: self.public_url.clone(),
            throttle: ThrottleSettings {
                account_failures: self.login_account_failures,
                ip_failures: self.login_ip_failures,
                link_failures: self.link_ip_failures,
                ..ThrottleSettings::default()
            },
            hash_concurrency,
            frontend_dir: Some(self.frontend_dir.clone()),
            cors_origins: self.cors_origins.clone(),
            clock: crate::clock::Clock::system(),
            body_timeout: std::time::Duration::from_millis(self.body_timeout_ms),
            max_body_reads: self.max_body_reads as usize,
            api_key_requests_per_minute: self.api_key_rate,
            webhooks: crate::webhooks::WebhookSettings::from_env(),
            mail: crate::mail::MailSettings::configure(
                self.smtp_url.as_deref(),
                self.mail_dir.as_deref(),
                self.mail_from.as_deref(),
                &self.public_url,
            )?,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(args: &[&str]) -> Result<Cli, clap::Error> {
        Cli::try_parse_from(["knead"].iter().chain(args).chain(["openapi"].iter()))
    }

    #[test]
    fn argon2_cost_defaults_to_owasp_first_choice() {
        let cli = parse(&[]).expect("parses");
        assert_eq!(cli.argon2.cost(), HashCost::DEFAULT);
        assert_eq!(
            HashCost::DEFAULT,
            HashCost {
                memory_kib: 19_456,
                iterations: 2
            }
        );
    }

    #[test]
    fn argon2_cost_takes_an_equal_strength_pair() {
        let cli = parse(&["--argon2-memory-kib", "7168", "--argon2-iterations", "5"]).expect("parses");
        assert_eq!(
            cli.argon2.cost(),
            HashCost {
                memory_kib: 7_168,
                iterations: 5
            }
        );
    }

    #[test]
    fn bad_argon2_values_stop_start_up_with_the_variable_named() {
        for (flag, value, named) in [
            ("--argon2-memory-kib", "lots", "KNEAD_ARGON2_MEMORY_KIB"),
            ("--argon2-memory-kib", "64", "KNEAD_ARGON2_MEMORY_KIB"),
            ("--argon2-memory-kib", "-1", "KNEAD_ARGON2_MEMORY_KIB"),
            ("--argon2-iterations", "0", "KNEAD_ARGON2_ITERATIONS"),
            ("--argon2-iterations", "2.5", "KNEAD_ARGON2_ITERATIONS"),
        ] {
            let err = parse(&[&format!("{flag}={value}")]).expect_err(value).to_string();
            assert!(err.contains(named) && err.contains(value), "{flag}={value}: {err}");
        }
    }
}
