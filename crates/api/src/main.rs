//! The `knead` binary: serve, migrate, write the spec, administer, verify the audit chain, or
//! run on a laptop (`dev`).

use anyhow::Context;
use clap::Parser;
use knead_api::config::{AdminCommand, AuditCommand, Cli, Command, NotesCommand, ServerArgs};
use knead_api::{AppState, demo, demo_scale, telemetry};
use knead_persistence::discovery::{self, APP_ROLE, Origin};
use knead_persistence::{admin, migrate, pool};
use std::net::TcpListener;

/// mimalloc: per-thread free lists suit a server whose every request allocates and frees on
/// the thread that serves it (measured in docs/benchmark.md).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

#[actix_web::main]
async fn main() -> anyhow::Result<()> {
    let cli = Cli::parse();
    knead_api::auth::passwords::configure(cli.argon2.cost())?;
    match cli.command {
        Command::Openapi { out, check } => write_spec(&out, check),
        Command::Migrate {
            database_url,
            migrate_database_url,
        } => {
            telemetry::init("info");
            let applied = migrate::run(migrate_database_url.as_deref().unwrap_or(&database_url)).await?;
            tracing::info!(count = applied.len(), ?applied, "migrations applied");
            Ok(())
        }
        Command::Serve {
            database_url,
            migrate_database_url,
            server,
        } => {
            telemetry::init(&server.log);
            let migrate_url = migrate_database_url.as_deref().unwrap_or(&database_url);
            serve(migrate_url, &database_url, &server, None).await
        }
        Command::Admin {
            command:
                AdminCommand::CreatePractice {
                    database_url,
                    migrate_database_url,
                    name,
                    slug,
                    zone,
                    owner_email,
                    owner_name,
                },
        } => {
            telemetry::init("warn");
            migrate::run(migrate_database_url.as_deref().unwrap_or(&database_url)).await?;
            let password = match std::env::var("KNEAD_OWNER_PASSWORD") {
                Ok(p) if !p.is_empty() => p,
                _ => rpassword::prompt_password(format!("Password for {owner_email}: "))?,
            };
            let input = knead_api::admin::NewPracticeInput {
                name,
                slug,
                zone,
                owner_email,
                owner_name,
                password,
            };
            let mut conn = knead_persistence::connect(&database_url).await?;
            let created = knead_api::admin::create_practice(&mut conn, input).await?;
            println!(
                "created practice `{}` ({}) with owner {}",
                created.slug, created.practice_id, created.owner_email
            );
            Ok(())
        }
        Command::Admin {
            command:
                AdminCommand::ResetMfa {
                    database_url,
                    practice,
                    email,
                },
        } => {
            telemetry::init("warn");
            let mut conn = knead_persistence::connect(&database_url).await?;
            let had = knead_api::admin::reset_second_factor(&mut conn, &practice, &email).await?;
            if had {
                println!("two-factor sign-in removed for {email} in `{practice}`; their logins ended");
            } else {
                println!("{email} in `{practice}` had no two-factor sign-in; their logins ended");
            }
            Ok(())
        }
        Command::Audit {
            command: AuditCommand::Verify { database_url, expect },
        } => {
            telemetry::init("warn");
            verify_audit(&database_url, expect.as_deref()).await
        }
        Command::Audit {
            command: AuditCommand::Head { database_url },
        } => {
            telemetry::init("warn");
            let mut conn = knead_persistence::connect(&database_url).await?;
            for head in knead_api::admin::audit_heads(&mut conn).await? {
                println!("{head}");
            }
            Ok(())
        }
        Command::Notes {
            command: NotesCommand::Verify { database_url },
        } => {
            telemetry::init("warn");
            let mut conn = knead_persistence::connect(&database_url).await?;
            let (checked, broken) = knead_api::admin::verify_signed_notes(&mut conn).await?;
            for (practice, note, problem) in &broken {
                println!("practice {practice}: note {note}: {problem}");
            }
            println!("{checked} signed notes checked, {} changed", broken.len());
            if !broken.is_empty() {
                anyhow::bail!("{} signed note(s) changed after signing", broken.len());
            }
            Ok(())
        }
        Command::Demo {
            database_url,
            migrate_database_url,
            scale,
            slug,
            clients,
            bookings,
            notes,
        } => {
            telemetry::init("warn");
            migrate::run(migrate_database_url.as_deref().unwrap_or(&database_url)).await?;
            let base = demo_scale::Scale::times(scale as usize);
            let size = demo_scale::Scale {
                clients: clients.unwrap_or(base.clients),
                bookings: bookings.unwrap_or(base.bookings),
                notes: notes.unwrap_or(base.notes),
                ..base
            };
            generate(&database_url, &slug, size).await
        }
        Command::Dev {
            project_dir,
            database,
            fresh,
            mut server,
        } => {
            telemetry::init(&server.log);
            if server.smtp_url.is_none() && server.mail_dir.is_none() {
                server.mail_dir = Some(project_dir.join(".knead/mail"));
            }
            let found = discovery::find_server(&project_dir).await?;
            let (migrate_url, app_url) = match found.origin {
                Origin::Environment if fresh => {
                    anyhow::bail!("--fresh drops a database: it is refused when DATABASE_URL names one")
                }
                Origin::Environment => (found.url.clone(), found.url.clone()),
                // A server we may administer: migrate as its superuser, serve as the app role.
                Origin::Localhost | Origin::PrivateCluster => {
                    let mut conn = knead_persistence::connect(&found.url).await?;
                    if fresh {
                        admin::drop_database(&mut conn, &database).await?;
                    }
                    admin::create_database(&mut conn, &database, None).await?;
                    let url = found.database_url(&database);
                    let app_url = discovery::with_user(&url, APP_ROLE);
                    (url, app_url)
                }
            };
            serve(&migrate_url, &app_url, &server, Some(found.origin)).await
        }
    }
}

async fn generate(database_url: &str, slug: &str, size: demo_scale::Scale) -> anyhow::Result<()> {
    let started = std::time::Instant::now();
    let hash = actix_web::web::block(|| knead_api::auth::passwords::hash_blocking(demo::DEMO_PASSWORD)).await??;
    let mut conn = knead_persistence::connect(database_url).await?;
    let now = knead_api::clock::Clock::system().now();
    let seeded = demo_scale::seed(&mut conn, slug, &hash, size, now).await?;
    println!("practice={}", seeded.slug);
    println!("login={}", seeded.owner_email);
    println!("password={}", demo::DEMO_PASSWORD);
    println!("client_id={}", seeded.client_id.0);
    println!("week_from={}", seeded.week_from.format("%Y-%m-%dT%H:%M:%SZ"));
    println!("week_to={}", seeded.week_to.format("%Y-%m-%dT%H:%M:%SZ"));
    println!("clients={}", seeded.clients);
    println!("bookings={}", seeded.bookings);
    println!("notes={}", seeded.notes);
    println!("seconds={:.1}", started.elapsed().as_secs_f64());
    Ok(())
}

fn write_spec(out: &std::path::Path, check: bool) -> anyhow::Result<()> {
    let generated = knead_api::openapi_json();
    if check {
        let committed = std::fs::read_to_string(out).with_context(|| format!("reading {}", out.display()))?;
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

async fn verify_audit(database_url: &str, expect: Option<&std::path::Path>) -> anyhow::Result<()> {
    let expected = match expect {
        Some(path) => {
            let text = std::fs::read_to_string(path).with_context(|| format!("reading {}", path.display()))?;
            knead_api::admin::parse_audit_heads(&text).with_context(|| format!("reading {}", path.display()))?
        }
        None => Vec::new(),
    };
    let mut conn = knead_persistence::connect(database_url).await?;
    let mut broken = 0;
    let chains = knead_api::admin::verify_audit_chains_against(&mut conn, &expected).await?;
    if chains.is_empty() {
        println!("no practice has audit events yet");
    }
    for (practice, result) in chains {
        match result {
            Ok(count) => println!("practice {practice}: ok ({count} events)"),
            Err(chain_break) => {
                broken += 1;
                println!("practice {practice}: BROKEN: {chain_break}");
            }
        }
    }
    if broken > 0 {
        anyhow::bail!("{broken} audit chain(s) broken");
    }
    Ok(())
}

/// Migrates as the owner (`migrate_url`), then serves as `database_url` (the app role in a
/// least-privilege setup; the same URL otherwise).
async fn serve(migrate_url: &str, database_url: &str, args: &ServerArgs, dev: Option<Origin>) -> anyhow::Result<()> {
    let applied = migrate::run(migrate_url).await.context("migrating")?;
    tracing::info!(count = applied.len(), "migrations applied");
    let pool = pool::build(database_url, args.pool_options())?;
    let demo = match dev {
        Some(_) => {
            let hash =
                actix_web::web::block(|| knead_api::auth::passwords::hash_blocking(demo::DEMO_PASSWORD)).await??;
            let mut conn = knead_persistence::checkout(&pool).await?;
            Some(demo::load_if_empty(&mut conn, &hash, knead_api::clock::Clock::system().now()).await?)
        }
        None => None,
    };
    let listener = TcpListener::bind(&args.bind).with_context(|| format!("binding {}", args.bind))?;
    let addr = listener.local_addr()?;
    let workers = if args.workers == 0 {
        std::thread::available_parallelism().map_or(2, |n| n.get())
    } else {
        args.workers
    };
    let mut state = AppState::new(pool, args.settings()?)?;
    if let Some(read_url) = &args.read_database_url {
        state = state.with_read_pool(pool::build(read_url, args.pool_options())?);
        tracing::info!("routing the reads that may lag to KNEAD_READ_DATABASE_URL");
    }
    knead_api::horizon::spawn(state.clone(), std::time::Duration::from_secs(args.series_extend_secs));
    knead_api::webhooks::worker::spawn(state.clone());
    knead_api::mail::worker::spawn(state.clone());
    if let Some(bind) = &args.metrics_bind {
        let metrics_listener = TcpListener::bind(bind).with_context(|| format!("binding {bind} for metrics"))?;
        let metrics_addr = metrics_listener.local_addr()?;
        actix_web::rt::spawn(knead_api::metrics::server(state.clone(), metrics_listener)?);
        tracing::info!(%metrics_addr, "serving metrics");
    }
    let server = knead_api::server(state, listener, workers)?;
    tracing::info!(%addr, "serving");
    if let Some(origin) = dev {
        println!("\nKnead is running at http://{addr}/  (API docs: http://{addr}/docs/)");
        println!("PostgreSQL: {origin:?}");
        if let Some(demo) = demo.filter(|d| d.practice_slug.is_some()) {
            println!(
                "Loaded demo data: practice `{}`. Logins (password `{}`):",
                demo.practice_slug.unwrap_or_default(),
                demo::DEMO_PASSWORD
            );
            for (email, role) in demo.logins {
                println!("  {email:<24} {}", role.as_str());
            }
        } else {
            println!(
                "Demo logins (if this database was seeded by Knead): owner@stride.example, maya@stride.example, sam@stride.example — password `{}`",
                demo::DEMO_PASSWORD
            );
        }
        println!("Stop with Ctrl-C.\n");
    }
    server.await?;
    Ok(())
}
