//! The time the API acts on. Production reads the system clock; tests set it, so a late
//! cancellation or a slot in the past is tested at a chosen instant, not whenever CI runs.

use chrono::{DateTime, Utc};
use std::sync::{Arc, RwLock};

#[derive(Debug, Clone, Default)]
pub struct Clock(Option<Arc<RwLock<DateTime<Utc>>>>);

impl Clock {
    pub fn system() -> Self {
        Self(None)
    }

    /// A clock that stands still at `at` until [`Clock::set`] moves it.
    pub fn fixed(at: DateTime<Utc>) -> Self {
        Self(Some(Arc::new(RwLock::new(at))))
    }

    /// Moves a fixed clock (no effect on the system clock).
    pub fn set(&self, at: DateTime<Utc>) {
        if let Some(cell) = &self.0 {
            *cell.write().unwrap_or_else(|poisoned| poisoned.into_inner()) = at;
        }
    }

    pub fn now(&self) -> DateTime<Utc> {
        match &self.0 {
            Some(cell) => *cell.read().unwrap_or_else(|poisoned| poisoned.into_inner()),
            None => Utc::now(),
        }
    }
}
