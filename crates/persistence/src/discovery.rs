//! Finding a PostgreSQL server, shared by the run command and the test harness:
//! `DATABASE_URL` if set; else a server on localhost:5432 that lets us in; else a private
//! cluster started from the machine's PostgreSQL binaries under `.knead/postgres` in the
//! project; else an error that says what to install. Any failure to log in on 5432 (not only
//! a closed port) falls through to the private cluster.

use crate::cluster::{Cluster, ClusterError};
use diesel_async::{AsyncConnection, AsyncPgConnection};
use std::path::Path;
use std::time::Duration;

/// Port of the private cluster; chosen to stay clear of a system server on 5432.
pub const PRIVATE_PORT: u16 = 54329;

/// Where a server was found.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Origin {
    Environment,
    Localhost,
    PrivateCluster,
}

/// A reachable server. `url` names a database: the one from `DATABASE_URL`, else `postgres`.
#[derive(Debug, Clone)]
pub struct Server {
    pub origin: Origin,
    pub url: String,
}

impl Server {
    /// The URL of another database on the same server.
    pub fn database_url(&self, database: &str) -> String {
        let (base, _, query) = split_url(&self.url);
        format!("{base}/{database}{query}")
    }

    /// The database this server's URL names.
    pub fn database_name(&self) -> &str {
        split_url(&self.url).1
    }
}

/// The role the API connects as in a least-privilege setup: DML only, owns nothing (created
/// and granted by the migrations).
pub const APP_ROLE: &str = "knead_app";

/// The same URL as another user, without a password (for servers that trust local users).
pub fn with_user(url: &str, user: &str) -> String {
    let after_scheme = url.find("://").map_or(0, |i| i + 3);
    let rest = &url[after_scheme..];
    let host_start = match (rest.find('@'), rest.find('/')) {
        (Some(at), Some(slash)) if at < slash => at + 1,
        (Some(at), None) => at + 1,
        _ => 0,
    };
    format!("{}{user}@{}", &url[..after_scheme], &rest[host_start..])
}

/// Splits `postgres://auth@host:port/db?query` into base, database name and `?query`.
fn split_url(url: &str) -> (&str, &str, &str) {
    let after_scheme = url.find("://").map_or(0, |i| i + 3);
    let (head, query) = match url.find('?') {
        Some(q) => (&url[..q], &url[q..]),
        None => (url, ""),
    };
    match head[after_scheme..].find('/') {
        Some(slash) => {
            let at = after_scheme + slash;
            (&head[..at], &head[at + 1..], query)
        }
        None => (head, "", query),
    }
}

#[derive(Debug, thiserror::Error)]
pub enum DiscoveryError {
    #[error("DATABASE_URL is set but the database does not answer: {0}")]
    Environment(String),
    #[error(
        "no PostgreSQL found: nothing accepted us on localhost:5432 and no PostgreSQL binaries \
         (initdb, pg_ctl) were found to start a private one. Install PostgreSQL (Debian/Ubuntu: \
         apt-get install postgresql; macOS: brew install postgresql), or set DATABASE_URL, or \
         point KNEAD_PG_BIN at the folder holding initdb and pg_ctl."
    )]
    NoBinaries,
    #[error("the private PostgreSQL cluster in {dir} did not start: {reason}")]
    PrivateCluster { dir: String, reason: String },
}

impl From<ClusterError> for DiscoveryError {
    fn from(err: ClusterError) -> Self {
        match err {
            ClusterError::NoBinaries => Self::NoBinaries,
            ClusterError::Failed { dir, reason } => Self::PrivateCluster { dir, reason },
        }
    }
}

/// Finds a server as described in the module docs. `project_dir` holds `.knead/`.
pub async fn find_server(project_dir: &Path) -> Result<Server, DiscoveryError> {
    if let Ok(url) = std::env::var("DATABASE_URL")
        && !url.is_empty()
    {
        accepts(&url).await.map_err(DiscoveryError::Environment)?;
        return Ok(Server {
            origin: Origin::Environment,
            url,
        });
    }
    let local = "postgres://postgres@127.0.0.1:5432/postgres";
    match accepts(local).await {
        Ok(()) => {
            return Ok(Server {
                origin: Origin::Localhost,
                url: local.into(),
            });
        }
        Err(reason) => tracing::info!(%reason, "no usable PostgreSQL on localhost:5432"),
    }
    let url = format!("postgres://postgres@127.0.0.1:{PRIVATE_PORT}/postgres");
    if accepts(&url).await.is_ok() {
        return Ok(Server {
            origin: Origin::PrivateCluster,
            url,
        });
    }
    let dir = std::path::absolute(project_dir.join(".knead").join("postgres"))
        .map_err(|err| private_error(project_dir, err.to_string()))?;
    let started = dir.clone();
    tokio::task::spawn_blocking(move || start_private_cluster(&started))
        .await
        .map_err(|err| private_error(&dir, err.to_string()))??;
    for _ in 0..50 {
        if accepts(&url).await.is_ok() {
            return Ok(Server {
                origin: Origin::PrivateCluster,
                url,
            });
        }
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    Err(private_error(&dir, "started but does not accept connections".into()))
}

async fn accepts(url: &str) -> Result<(), String> {
    match tokio::time::timeout(Duration::from_secs(5), AsyncPgConnection::establish(url)).await {
        Ok(Ok(_)) => Ok(()),
        Ok(Err(err)) => Err(err.to_string()),
        Err(_) => Err("timed out".into()),
    }
}

fn private_error(dir: &Path, reason: String) -> DiscoveryError {
    DiscoveryError::PrivateCluster {
        dir: dir.display().to_string(),
        reason,
    }
}

/// initdb (once) and pg_ctl start, under a file lock so parallel test processes start it once.
fn start_private_cluster(dir: &Path) -> Result<(), DiscoveryError> {
    let cluster = Cluster::durable(dir, PRIVATE_PORT)?;
    let fail = |reason: String| private_error(dir, reason);
    std::fs::create_dir_all(dir).map_err(|e| fail(e.to_string()))?;
    let lock = std::fs::File::create(dir.join("lock")).map_err(|e| fail(e.to_string()))?;
    lock.lock().map_err(|e| fail(e.to_string()))?;
    cluster.init()?;
    cluster.start()?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn url_surgery() {
        let server = Server {
            origin: Origin::Environment,
            url: "postgres://u:p@h:5/app?sslmode=disable".into(),
        };
        assert_eq!(server.database_name(), "app");
        assert_eq!(server.database_url("other"), "postgres://u:p@h:5/other?sslmode=disable");
        let bare = Server {
            origin: Origin::Localhost,
            url: "postgres://h".into(),
        };
        assert_eq!(bare.database_url("x"), "postgres://h/x");
        assert_eq!(
            with_user("postgres://u:p@h:5/app", "knead_app"),
            "postgres://knead_app@h:5/app"
        );
        assert_eq!(
            with_user("postgres://h:5/app", "knead_app"),
            "postgres://knead_app@h:5/app"
        );
        assert_eq!(with_user("postgres://h/a@b", "r"), "postgres://r@h/a@b");
    }
}
