//! What every handler shares.

use knead_persistence::Pool;

#[derive(Clone)]
pub struct AppState {
    pub pool: Pool,
}

impl std::fmt::Debug for AppState {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("AppState")
            .field("pool", &self.pool.status())
            .finish()
    }
}
