//! A PostgreSQL cluster of a test's own, on its own port, that the test may stop and start:
//! outages, read-only turns, replicas and database roles are tried on it without touching
//! the shared server. Made with the same code as the run command's private cluster
//! (`knead_persistence::cluster`), in a temporary folder removed afterwards.

use knead_persistence::cluster::Cluster;
use std::net::TcpListener;

#[derive(Debug)]
pub struct PrivateCluster {
    cluster: Cluster,
}

impl PrivateCluster {
    /// initdb in a fresh temporary folder and start on a free port.
    pub async fn start() -> Self {
        let port = TcpListener::bind("127.0.0.1:0")
            .and_then(|l| l.local_addr())
            .expect("a free port")
            .port();
        let dir = std::env::temp_dir().join(format!("knead-cluster-{}", uuid::Uuid::now_v7().simple()));
        let cluster = Cluster::throwaway(&dir, port).expect("PostgreSQL binaries");
        let made = cluster.clone();
        tokio::task::spawn_blocking(move || made.init().and_then(|()| made.start()))
            .await
            .expect("join")
            .expect("private cluster starts");
        Self { cluster }
    }

    /// A streaming replica of `primary` (a base backup with `-R`), started on a port of its
    /// own; it replays what `primary` writes until either stops.
    pub async fn replica_of(primary: &PrivateCluster) -> Self {
        let port = TcpListener::bind("127.0.0.1:0")
            .and_then(|l| l.local_addr())
            .expect("a free port")
            .port();
        let dir = std::env::temp_dir().join(format!("knead-replica-{}", uuid::Uuid::now_v7().simple()));
        let cluster = Cluster::throwaway(&dir, port).expect("PostgreSQL binaries");
        let (made, source) = (cluster.clone(), primary.cluster.clone());
        tokio::task::spawn_blocking(move || made.replicate(&source).and_then(|()| made.start()))
            .await
            .expect("join")
            .expect("the replica is made and starts");
        Self { cluster }
    }

    /// The URL of `database` on this cluster.
    pub fn url(&self, database: &str) -> String {
        self.cluster.url(database)
    }

    /// Stops the server (`pg_ctl stop -m fast`: every session ends at once).
    pub async fn stop(&self) {
        let cluster = self.cluster.clone();
        tokio::task::spawn_blocking(move || cluster.stop())
            .await
            .expect("join")
            .expect("cluster stops");
    }

    /// Starts it again and waits until it accepts connections.
    pub async fn restart(&self) {
        let cluster = self.cluster.clone();
        tokio::task::spawn_blocking(move || cluster.start())
            .await
            .expect("join")
            .expect("cluster starts again");
    }
}

impl Drop for PrivateCluster {
    fn drop(&mut self) {
        if let Err(err) = self.cluster.stop() {
            eprintln!("could not stop the test cluster: {err}");
        }
        if let Err(err) = std::fs::remove_dir_all(self.cluster.dir()) {
            eprintln!("could not remove {}: {err}", self.cluster.dir().display());
        }
    }
}
