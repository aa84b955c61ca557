//! argon2id, by default with OWASP's parameters m = 19456 KiB, t = 2, p = 1 (another of OWASP's
//! equal-strength pairs, such as m = 7168 KiB, t = 5, may be chosen at start-up with
//! `KNEAD_ARGON2_MEMORY_KIB` and `KNEAD_ARGON2_ITERATIONS`), computed on a pool of its own: a few threads (half the cores by default) at idle scheduling priority, fed through a
//! bounded queue. A flood of logins therefore takes only CPU time nothing else wants, never
//! an HTTP worker, and is refused with 503 once the queue is full. Unknown accounts are
//! checked against a dummy hash so that the answer and its timing do not reveal which emails
//! exist.
//!
//! The parameters are the process's, set once at start-up by [`configure`] before anything is
//! hashed: every command that hashes (serve, dev, demo, admin) reads the same two variables.
//! They apply to new hashes only; a stored hash is verified with the parameters written in
//! it, so changing them never locks anyone out.

use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use argon2::{Algorithm, Argon2, Params, Version};
use std::sync::mpsc::{Receiver, SyncSender, TrySendError, sync_channel};
use std::sync::{Arc, Mutex, OnceLock};

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

/// The cost of new hashes: memory in KiB and passes, one lane.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct HashCost {
    pub memory_kib: u32,
    pub iterations: u32,
}

impl HashCost {
    /// OWASP's first recommendation for argon2id.
    pub const DEFAULT: Self = Self {
        memory_kib: 19_456,
        iterations: 2,
    };

    fn params(self) -> Result<Params, PasswordError> {
        Params::new(self.memory_kib, self.iterations, 1, None).map_err(|e| PasswordError::Hash(e.to_string()))
    }
}

static COST: OnceLock<HashCost> = OnceLock::new();

/// Sets the cost of the hashes this process makes; called once at start-up, before any hash.
/// Refuses parameters argon2 does not accept, and a second, different setting.
pub fn configure(cost: HashCost) -> Result<(), PasswordError> {
    cost.params()?;
    let set = COST.get_or_init(|| cost);
    if *set != cost {
        return Err(PasswordError::Hash(format!(
            "the argon2 parameters are already set to m={} t={}",
            set.memory_kib, set.iterations
        )));
    }
    Ok(())
}

fn argon2() -> Result<Argon2<'static>, PasswordError> {
    let params = COST.get().copied().unwrap_or(HashCost::DEFAULT).params()?;
    Ok(Argon2::new(Algorithm::Argon2id, Version::V0x13, params))
}

fn hash_now(password: &str) -> Result<String, PasswordError> {
    hash_with(&argon2()?, password)
}

fn hash_with(argon2: &Argon2<'_>, password: &str) -> Result<String, PasswordError> {
    let salt = SaltString::generate(&mut argon2::password_hash::rand_core::OsRng);
    argon2
        .hash_password(password.as_bytes(), &salt)
        .map(|h| h.to_string())
        .map_err(|e| PasswordError::Hash(e.to_string()))
}

/// Verifies with the parameters written in `stored` (argon2's `verify_password` reads them from
/// the hash), whatever this process's are.
fn verify_now(password: &str, stored: &str) -> bool {
    let Ok(argon2) = argon2() else { return false };
    PasswordHash::new(stored).is_ok_and(|parsed| argon2.verify_password(password.as_bytes(), &parsed).is_ok())
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_hash_is_verified_with_its_own_parameters() {
        let cheap = HashCost {
            memory_kib: 64,
            iterations: 3,
        };
        let argon2 = Argon2::new(Algorithm::Argon2id, Version::V0x13, cheap.params().expect("params"));
        let hash = hash_with(&argon2, "correct horse").expect("hash");
        assert!(hash.contains("m=64,t=3,p=1"), "{hash}");
        assert!(verify_now("correct horse", &hash));
        assert!(!verify_now("wrong horse", &hash));
    }

    #[test]
    fn parameters_argon2_refuses_are_refused() {
        let too_little = HashCost {
            memory_kib: 4,
            iterations: 2,
        };
        assert!(configure(too_little).is_err());
        assert!(COST.get().is_none_or(|set| *set != too_little));
    }
}
