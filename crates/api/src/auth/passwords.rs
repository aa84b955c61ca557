//! argon2id with OWASP's parameters (m = 19456 KiB, t = 2, p = 1), computed on a pool of its
//! own: a few threads (half the cores by default) at idle scheduling priority, fed through a
//! bounded queue. A flood of logins therefore takes only CPU time nothing else wants, never
//! an HTTP worker, and is refused with 503 once the queue is full. Unknown accounts are
//! checked against a dummy hash so that the answer and its timing do not reveal which emails
//! exist.

use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use argon2::{Algorithm, Argon2, Params, Version};
use std::sync::mpsc::{Receiver, SyncSender, TrySendError, sync_channel};
use std::sync::{Arc, Mutex};

/// Hashes waiting for a thread before new ones are refused.
const QUEUE: usize = 256;

#[derive(Debug, thiserror::Error)]
pub enum PasswordError {
    #[error("password hashing failed: {0}")]
    Hash(String),
    #[error("the password hashing pool is saturated")]
    Busy,
}

type Job = Box<dyn FnOnce() + Send>;

#[derive(Clone)]
pub struct Passwords {
    jobs: SyncSender<Job>,
    dummy_hash: Arc<str>,
}

impl std::fmt::Debug for Passwords {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Passwords")
    }
}

/// Asks the kernel to run this thread only when a core is otherwise idle (Linux SCHED_IDLE).
fn lower_priority() {
    #[cfg(target_os = "linux")]
    {
        use thread_priority::unix::{
            NormalThreadSchedulePolicy, ThreadSchedulePolicy, set_thread_priority_and_policy, thread_native_id,
        };
        let idle = ThreadSchedulePolicy::Normal(NormalThreadSchedulePolicy::Idle);
        if let Err(err) = set_thread_priority_and_policy(thread_native_id(), thread_priority::ThreadPriority::Min, idle)
        {
            tracing::warn!(?err, "could not lower the hashing thread's priority");
        }
    }
}

fn worker(jobs: Arc<Mutex<Receiver<Job>>>) {
    lower_priority();
    loop {
        let job = match jobs.lock() {
            Ok(receiver) => receiver.recv(),
            Err(_) => return,
        };
        match job {
            Ok(job) => job(),
            Err(_) => return,
        }
    }
}

fn argon2() -> Argon2<'static> {
    // The parameters are constants that argon2 accepts; the fallback is never taken.
    let params = Params::new(19_456, 2, 1, None).unwrap_or_default();
    Argon2::new(Algorithm::Argon2id, Version::V0x13, params)
}

fn hash_now(password: &str) -> Result<String, PasswordError> {
    let salt = SaltString::generate(&mut argon2::password_hash::rand_core::OsRng);
    argon2()
        .hash_password(password.as_bytes(), &salt)
        .map(|h| h.to_string())
        .map_err(|e| PasswordError::Hash(e.to_string()))
}

fn verify_now(password: &str, stored: &str) -> bool {
    PasswordHash::new(stored).is_ok_and(|parsed| argon2().verify_password(password.as_bytes(), &parsed).is_ok())
}

impl Passwords {
    /// `threads` hashes may run at once; up to 256 more wait, the rest get `Busy`.
    pub fn new(threads: usize) -> Result<Self, PasswordError> {
        let dummy = hash_now("knead-dummy-password-for-unknown-accounts")?;
        let (jobs, receiver) = sync_channel::<Job>(QUEUE);
        let receiver = Arc::new(Mutex::new(receiver));
        for n in 0..threads.max(1) {
            let receiver = Arc::clone(&receiver);
            std::thread::Builder::new()
                .name(format!("knead-argon2-{n}"))
                .spawn(move || worker(receiver))
                .map_err(|e| PasswordError::Hash(e.to_string()))?;
        }
        Ok(Self {
            jobs,
            dummy_hash: dummy.into(),
        })
    }

    async fn run<T: Send + 'static>(&self, work: impl FnOnce() -> T + Send + 'static) -> Result<T, PasswordError> {
        let (tx, rx) = tokio::sync::oneshot::channel();
        let job: Job = Box::new(move || {
            let _ = tx.send(work());
        });
        match self.jobs.try_send(job) {
            Ok(()) => {}
            Err(TrySendError::Full(_)) => return Err(PasswordError::Busy),
            Err(TrySendError::Disconnected(_)) => return Err(PasswordError::Hash("the hashing pool stopped".into())),
        }
        rx.await
            .map_err(|_| PasswordError::Hash("a hashing thread died".into()))
    }

    pub async fn hash(&self, password: String) -> Result<String, PasswordError> {
        self.run(move || hash_now(&password)).await?
    }

    /// Checks `password` against `stored`, or against the dummy hash when there is none, so
    /// both paths cost the same.
    pub async fn verify(&self, password: String, stored: Option<String>) -> Result<bool, PasswordError> {
        let real = stored.is_some();
        let hash = stored.unwrap_or_else(|| self.dummy_hash.to_string());
        let ok = self.run(move || verify_now(&password, &hash)).await?;
        Ok(ok && real)
    }
}

/// Hashes synchronously, for the command line (`knead admin create-practice`).
pub fn hash_blocking(password: &str) -> Result<String, PasswordError> {
    hash_now(password)
}
