//! Knead's HTTP API: thin handlers that parse, authorise, call persistence and domain, and
//! map to response types that carry their own OpenAPI schema.

pub mod admin;
pub mod app;
pub mod audit;
pub mod auth;
pub mod body_deadline;
pub mod clock;
pub mod concurrency;
pub mod config;
pub mod demo;
pub mod demo_calendar;
pub mod demo_care;
pub mod demo_history;
pub mod demo_scale;
pub mod encryption;
pub mod error;
pub mod extract;
pub mod free_time;
pub mod frontend;
pub mod horizon;
pub mod ics;
pub mod mail;
pub mod metrics;
pub mod middleware;
pub mod openapi;
pub mod operations;
pub mod overrides;
pub mod pagination;
pub mod references;
pub mod replica;
pub mod routes;
pub mod state;
pub mod telemetry;
pub mod webhooks;

pub use app::{build_app, openapi, openapi_json, server};
pub use state::AppState;
