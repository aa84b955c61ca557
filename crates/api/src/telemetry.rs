//! Logging: JSON lines when stdout is not a terminal (containers, CI), readable text when it is.

use std::io::IsTerminal;
use tracing_subscriber::EnvFilter;

pub fn init(filter: &str) {
    let filter = EnvFilter::try_new(filter).unwrap_or_else(|_| EnvFilter::new("info"));
    let builder = tracing_subscriber::fmt().with_env_filter(filter);
    let result = if std::io::stdout().is_terminal() {
        builder.try_init()
    } else {
        builder.json().flatten_event(true).with_current_span(true).try_init()
    };
    if let Err(err) = result {
        eprintln!("logging was already set up: {err}");
    }
}
