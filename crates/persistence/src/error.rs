//! The persistence layer's one error type. Constraint violations keep the constraint's name so
//! that the API can map each one to a deliberate 409 or 422.

use diesel::result::{DatabaseErrorKind, Error as DieselError};

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("not found")]
    NotFound,
    /// A unique or exclusion constraint refused the write.
    #[error("conflict with an existing row ({constraint})")]
    Conflict { constraint: String },
    /// A conditional write found a newer version than the caller had (ETag mismatch).
    #[error("the record changed since it was read")]
    Stale,
    /// A foreign key pointed at nothing (within the practice).
    #[error("reference to a missing row ({constraint})")]
    MissingReference { constraint: String },
    /// A CHECK constraint refused a value the layers above should have refused first.
    #[error("value refused by check ({constraint})")]
    CheckViolation { constraint: String },
    /// A stored value no longer parses as its domain type.
    #[error("corrupt row: {0}")]
    Corrupt(String),
    #[error("database error: {0}")]
    Database(DieselError),
    #[error("connection pool: {0}")]
    Pool(String),
}

impl From<DieselError> for StoreError {
    fn from(err: DieselError) -> Self {
        let constraint = |info: &dyn diesel::result::DatabaseErrorInformation| {
            info.constraint_name().unwrap_or("unnamed").to_owned()
        };
        match err {
            DieselError::NotFound => Self::NotFound,
            DieselError::DatabaseError(
                DatabaseErrorKind::UniqueViolation | DatabaseErrorKind::ExclusionViolation,
                ref info,
            ) => Self::Conflict {
                constraint: constraint(info.as_ref()),
            },
            DieselError::DatabaseError(DatabaseErrorKind::ForeignKeyViolation, ref info) => Self::MissingReference {
                constraint: constraint(info.as_ref()),
            },
            DieselError::DatabaseError(DatabaseErrorKind::CheckViolation, ref info) => Self::CheckViolation {
                constraint: constraint(info.as_ref()),
            },
            other => Self::Database(other),
        }
    }
}

impl From<diesel_async::pooled_connection::deadpool::PoolError> for StoreError {
    fn from(err: diesel_async::pooled_connection::deadpool::PoolError) -> Self {
        Self::Pool(err.to_string())
    }
}
