//! A PostgreSQL cluster of our own, made and run from the machine's PostgreSQL binaries:
//! the run command's private cluster under `.knead/postgres`, and the clusters that tests
//! stop and restart (outages, replicas, roles). Every call blocks: run it on a blocking
//! thread. `initdb` refuses root, so as root the binaries run as the `postgres` user, which
//! then owns the folder.

use std::path::{Path, PathBuf};
use std::process::Command;

/// Why the cluster could not be made, started or stopped.
#[derive(Debug, thiserror::Error)]
pub enum ClusterError {
    #[error(
        "no PostgreSQL binaries (initdb, pg_ctl) were found. Install PostgreSQL (Debian/Ubuntu: \
         apt-get install postgresql; macOS: brew install postgresql), or point KNEAD_PG_BIN at \
         the folder holding initdb and pg_ctl."
    )]
    NoBinaries,
    #[error("the PostgreSQL cluster in {dir}: {reason}")]
    Failed { dir: String, reason: String },
}

/// A cluster in `dir` (data in `dir/data`, socket in `dir/run`, log in `dir/postgres.log`)
/// listening on 127.0.0.1:`port` with trust authentication for `postgres`.
#[derive(Debug, Clone)]
pub struct Cluster {
    dir: PathBuf,
    port: u16,
    bin: PathBuf,
    as_root: bool,
    durable: bool,
}

impl Cluster {
    /// A durable cluster (fsync on): the run command's, which holds a person's data.
    pub fn durable(dir: &Path, port: u16) -> Result<Self, ClusterError> {
        Self::new(dir, port, true)
    }

    /// A throwaway cluster (no fsync): a test's, made and removed within one run.
    pub fn throwaway(dir: &Path, port: u16) -> Result<Self, ClusterError> {
        Self::new(dir, port, false)
    }

    fn new(dir: &Path, port: u16, durable: bool) -> Result<Self, ClusterError> {
        let dir = std::path::absolute(dir).map_err(|e| failed(dir, e.to_string()))?;
        Ok(Self {
            bin: pg_bin_dir().ok_or(ClusterError::NoBinaries)?,
            as_root: is_root(),
            dir,
            port,
            durable,
        })
    }

    pub fn dir(&self) -> &Path {
        &self.dir
    }

    pub fn port(&self) -> u16 {
        self.port
    }

    /// The URL of `database` on this cluster, as `postgres` over TCP.
    pub fn url(&self, database: &str) -> String {
        format!("postgres://postgres@127.0.0.1:{}/{database}", self.port)
    }

    /// Makes the folder and runs `initdb` unless the data folder exists already.
    pub fn init(&self) -> Result<(), ClusterError> {
        std::fs::create_dir_all(self.dir.join("run")).map_err(|e| self.failed(e.to_string()))?;
        if self.as_root {
            self.run(Command::new("chown").args(["-R", "postgres:postgres"]).arg(&self.dir))?;
        }
        let data = self.dir.join("data");
        if data.join("PG_VERSION").exists() {
            return Ok(());
        }
        let mut initdb = self.pg("initdb");
        initdb
            .arg("-D")
            .arg(&data)
            .args(["-U", "postgres", "--auth=trust", "-E", "UTF8", "--no-locale"]);
        if !self.durable {
            initdb.arg("--no-sync");
        }
        self.run(&mut initdb)
    }

    /// Makes this cluster a streaming replica of `primary`, which must be running: a base
    /// backup over 127.0.0.1 (`pg_basebackup -X stream -R`, which writes `standby.signal` and
    /// `primary_conninfo`) into this cluster's data folder. Start it with [`Cluster::start`].
    pub fn replicate(&self, primary: &Cluster) -> Result<(), ClusterError> {
        std::fs::create_dir_all(self.dir.join("run")).map_err(|e| self.failed(e.to_string()))?;
        if self.as_root {
            self.run(Command::new("chown").args(["-R", "postgres:postgres"]).arg(&self.dir))?;
        }
        let mut backup = self.pg("pg_basebackup");
        backup
            .args([
                "-h",
                "127.0.0.1",
                "-p",
                &primary.port.to_string(),
                "-U",
                "postgres",
                "-D",
            ])
            .arg(self.dir.join("data"))
            .args(["-X", "stream", "-R", "-c", "fast"]);
        if !self.durable {
            backup.arg("--no-sync");
        }
        self.run(&mut backup)
    }

    /// Whether the postmaster of this data folder is running.
    pub fn is_running(&self) -> bool {
        self.pg("pg_ctl")
            .arg("-D")
            .arg(self.dir.join("data"))
            .arg("status")
            .output()
            .is_ok_and(|out| out.status.success())
    }

    /// Starts the server and waits until it accepts connections (a no-op when running).
    pub fn start(&self) -> Result<(), ClusterError> {
        if self.is_running() {
            return Ok(());
        }
        let mut options = format!(
            "-p {} -k {} -c listen_addresses=127.0.0.1",
            self.port,
            self.dir.join("run").display()
        );
        if !self.durable {
            options.push_str(" -c fsync=off -c synchronous_commit=off -c full_page_writes=off");
        }
        self.run(
            self.pg("pg_ctl")
                .arg("-D")
                .arg(self.dir.join("data"))
                .arg("-l")
                .arg(self.dir.join("postgres.log"))
                .args(["-o", &options, "-w", "-t", "60", "start"]),
        )
    }

    /// Stops the server the way an outage looks to clients: `fast` ends every session at once.
    pub fn stop(&self) -> Result<(), ClusterError> {
        if !self.is_running() {
            return Ok(());
        }
        self.run(
            self.pg("pg_ctl")
                .arg("-D")
                .arg(self.dir.join("data"))
                .args(["-m", "fast", "-w", "-t", "60", "stop"]),
        )
    }

    fn pg(&self, tool: &str) -> Command {
        let mut cmd = if self.as_root {
            let mut c = Command::new("runuser");
            c.args(["-u", "postgres", "--"]).arg(self.bin.join(tool));
            c
        } else {
            Command::new(self.bin.join(tool))
        };
        cmd.current_dir(&self.dir);
        cmd
    }

    fn run(&self, cmd: &mut Command) -> Result<(), ClusterError> {
        let out = cmd.output().map_err(|e| self.failed(format!("{cmd:?}: {e}")))?;
        if out.status.success() {
            Ok(())
        } else {
            let stderr = String::from_utf8_lossy(&out.stderr);
            Err(self.failed(format!("{cmd:?} failed: {}", stderr.trim())))
        }
    }

    fn failed(&self, reason: String) -> ClusterError {
        failed(&self.dir, reason)
    }
}

fn failed(dir: &Path, reason: String) -> ClusterError {
    ClusterError::Failed {
        dir: dir.display().to_string(),
        reason,
    }
}

fn is_root() -> bool {
    Command::new("id")
        .arg("-u")
        .output()
        .is_ok_and(|out| out.stdout.trim_ascii() == b"0")
}

/// `KNEAD_PG_BIN`, else `pg_config --bindir`, else the newest `/usr/lib/postgresql/*/bin`,
/// else `initdb` on the PATH.
fn pg_bin_dir() -> Option<PathBuf> {
    let has_tools = |dir: &Path| dir.join("initdb").exists() && dir.join("pg_ctl").exists();
    if let Some(dir) = std::env::var_os("KNEAD_PG_BIN").map(PathBuf::from) {
        return has_tools(&dir).then_some(dir);
    }
    let from_pg_config = Command::new("pg_config")
        .arg("--bindir")
        .output()
        .ok()
        .map(|out| PathBuf::from(String::from_utf8_lossy(&out.stdout).trim()));
    let mut candidates: Vec<PathBuf> = from_pg_config.into_iter().collect();
    if let Ok(entries) = std::fs::read_dir("/usr/lib/postgresql") {
        let mut versions: Vec<PathBuf> = entries.flatten().map(|e| e.path().join("bin")).collect();
        versions.sort_by_key(|p| {
            p.parent()
                .and_then(|v| v.file_name()?.to_str()?.parse::<u32>().ok())
                .unwrap_or(0)
        });
        candidates.extend(versions.into_iter().rev());
    }
    candidates.extend(std::env::split_paths(&std::env::var_os("PATH").unwrap_or_default()));
    candidates.into_iter().find(|dir| has_tools(dir))
}
