//! Everything Knead says to PostgreSQL: the diesel schema, the embedded migrations, the
//! connection pool, finding (or starting) a server, and the repositories that turn rows into
//! domain types. Repository functions take a connection so that they compose inside one
//! transaction.

pub mod accounts;
pub mod activity;
pub mod admin;
pub mod api_keys;
pub mod audit;
pub mod booking_create;
pub mod booking_mail;
pub mod booking_row;
pub mod bookings;
pub mod bulk;
pub mod calendar;
pub mod calendar_feeds;
pub mod care_plans;
pub mod catalog;
pub mod changes;
pub mod client_imports;
pub mod client_mail;
pub mod clients;
pub mod closed_days;
pub mod cluster;
pub mod connection;
pub mod discovery;
pub mod email;
pub mod error;
pub mod events;
pub mod explain;
pub mod feed_content;
pub mod idempotency;
pub mod intake;
pub mod logins;
pub mod migrate;
pub mod notes;
pub mod outbox;
pub mod pool;
pub mod practices;
pub mod races;
pub mod replication;
pub mod schedule;
pub mod schema;
pub mod second_factors;
pub mod series;
pub mod services;
pub mod shared_reads;
pub mod staff;
pub mod throttle;
pub mod tokens;
pub mod transaction;
pub mod webhooks;

pub use connection::{Connection, checkout, connect};
pub use diesel_async::AsyncPgConnection;
pub use error::{Constraint, StoreError};
pub use pool::{Pool, PooledConnection};
pub use shared_reads::SharedReads;

/// Tables that are not scoped to one practice, and why. Every other table must carry
/// `practice_id` in each of its keys and constraints (see [`catalog`]).
pub const GLOBAL_TABLES: &[(&str, &str)] = &[
    ("practices", "the tenant itself"),
    ("__diesel_schema_migrations", "migration bookkeeping"),
    (
        "login_throttles",
        "keyed by account or client IP before any practice is known",
    ),
];

/// Keys of practice tables that leave out `practice_id` on purpose, and why: (table,
/// constraint, reason). The rest of each table still follows the tenant-key rule.
pub const GLOBAL_KEYS: &[(&str, &str, &str)] = &[(
    "events",
    "events_pkey",
    "an event's id is random and the same wherever it is delivered (the webhook-id); \
     its tenant-scoped key is (practice_id, seq)",
)];
