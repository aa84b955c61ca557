//! The persistence layer's one error type. Constraint violations name the constraint as a
//! [`Constraint`] (PostgreSQL's name is mapped here, once), so that the API can map each one
//! to a deliberate 409 or 422 without knowing the schema's names.

use diesel::result::{DatabaseErrorKind, Error as DieselError};

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("not found")]
    NotFound,
    /// A unique or exclusion constraint refused the write.
    #[error("conflict with an existing row ({constraint})")]
    Conflict { constraint: Constraint },
    /// A conditional write found a newer version than the caller had (ETag mismatch).
    #[error("the record changed since it was read")]
    Stale,
    /// A foreign key pointed at nothing (within the practice).
    #[error("reference to a missing row ({constraint})")]
    MissingReference { constraint: Constraint },
    /// A CHECK constraint refused a value the layers above should have refused first.
    #[error("value refused by check ({constraint})")]
    CheckViolation { constraint: Constraint },
    /// A stored value no longer parses as its domain type.
    #[error("corrupt row: {0}")]
    Corrupt(String),
    #[error("database error: {0}")]
    Database(DieselError),
    #[error("connection pool: {0}")]
    Pool(String),
    /// The database cannot be reached, or cannot take writes now (stopped, restarting,
    /// refusing connections, read-only, or no pooled connection came free in time): a
    /// passing condition, answered 503 with `Retry-After`.
    #[error("database unavailable: {0}")]
    Unavailable(String),
}

/// The constraints whose refusals the layers above answer in their own words; any other is
/// kept by name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Constraint {
    /// The therapist is booked then (buffers included).
    TherapistOverlap,
    /// The room is booked then (buffers included).
    RoomOverlap,
    /// The client has a booking then.
    ClientOverlap,
    ServiceName,
    RoomName,
    PracticeSlug,
    StaffEmail,
    /// A signed note never changes.
    NoteSigned,
    /// A draft is edited, not amended.
    NoteDraft,
    /// A practice keeps at least one active owner (checked inside the write that would end
    /// the last one's ownership).
    LastOwner,
    /// The practice already marks that date closed.
    ClosedDayTaken,
    Other(String),
}

impl Constraint {
    const NAMED: [(Self, &'static str); 11] = [
        (Self::TherapistOverlap, "bookings_therapist_overlap"),
        (Self::RoomOverlap, "bookings_room_overlap"),
        (Self::ClientOverlap, "bookings_client_overlap"),
        (Self::ServiceName, "services_name_key"),
        (Self::RoomName, "rooms_name_key"),
        (Self::PracticeSlug, "practices_slug_key"),
        (Self::StaffEmail, "staff_email_key"),
        (Self::NoteSigned, "session_note_signed"),
        (Self::NoteDraft, "session_note_draft"),
        (Self::LastOwner, "practice_keeps_an_owner"),
        (Self::ClosedDayTaken, "closed_days_day_key"),
    ];

    /// The constraint PostgreSQL (or a repository) calls `name`.
    pub fn named(name: &str) -> Self {
        Self::NAMED
            .into_iter()
            .find_map(|(c, n)| (n == name).then_some(c))
            .unwrap_or_else(|| Self::Other(name.to_owned()))
    }

    /// Its name in the schema.
    pub fn name(&self) -> &str {
        match self {
            Self::Other(name) => name,
            known => Self::NAMED
                .iter()
                .find_map(|(c, n)| (c == known).then_some(*n))
                .unwrap_or("unnamed"),
        }
    }

    /// One of the three exclusion constraints against double booking.
    pub fn is_overlap(&self) -> bool {
        matches!(self, Self::TherapistOverlap | Self::RoomOverlap | Self::ClientOverlap)
    }
}

impl std::fmt::Display for Constraint {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name())
    }
}

impl From<DieselError> for StoreError {
    fn from(err: DieselError) -> Self {
        let constraint = |info: &dyn diesel::result::DatabaseErrorInformation| {
            Constraint::named(info.constraint_name().unwrap_or("unnamed"))
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
            DieselError::DatabaseError(kind, ref info) if is_unavailable(kind, info.message()) => {
                Self::Unavailable(info.message().to_owned())
            }
            DieselError::BrokenTransactionManager => {
                Self::Unavailable("the connection broke inside a transaction".into())
            }
            other => Self::Database(other),
        }
    }
}

/// Errors that say the server went away or cannot write now, not that the statement was
/// wrong. diesel-async reports a dropped socket as `UnableToSendCommand` (no SQLSTATE); a
/// server shutting down sends 57P01–57P03 (`terminating connection due to administrator
/// command`, `the database system is shutting down`), which diesel files as `Unknown`, so
/// their fixed messages are matched; so are the statement and lock timeouts (57014, 55P03),
/// which bound a slow query. On a streaming replica, a read that recovery cancels
/// (`canceling statement due to conflict with recovery`, 40001) is a passing condition too:
/// vacuum on the primary removed rows the read still saw.
fn is_unavailable(kind: DatabaseErrorKind, message: &str) -> bool {
    const SHUTDOWN: [&str; 6] = [
        "terminating connection due to administrator command",
        "the database system is shutting down",
        "the database system is starting up",
        "terminating connection due to unexpected postmaster exit",
        "canceling statement due to statement timeout",
        "canceling statement due to lock timeout",
    ];
    match kind {
        DatabaseErrorKind::UnableToSendCommand
        | DatabaseErrorKind::ClosedConnection
        | DatabaseErrorKind::ReadOnlyTransaction => true,
        DatabaseErrorKind::Unknown => SHUTDOWN.iter().any(|m| message.contains(m)),
        DatabaseErrorKind::SerializationFailure => message.contains("due to conflict with recovery"),
        _ => false,
    }
}

impl From<diesel_async::pooled_connection::deadpool::PoolError> for StoreError {
    /// A connection that cannot be made, or none coming free within the pool's timeout, means
    /// the database is unavailable; a closed or misbuilt pool is a bug.
    fn from(err: diesel_async::pooled_connection::deadpool::PoolError) -> Self {
        use ::deadpool::managed::PoolError;
        match err {
            PoolError::Timeout(kind) => {
                Self::Unavailable(format!("no database connection within the pool timeout ({kind:?})"))
            }
            PoolError::Backend(cause) => Self::Unavailable(format!("cannot connect: {cause}")),
            other => Self::Pool(other.to_string()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::Constraint;

    #[test]
    fn every_named_constraint_maps_back_to_its_name() {
        for (constraint, name) in Constraint::NAMED {
            assert_eq!(Constraint::named(name), constraint);
            assert_eq!(constraint.name(), name);
        }
        assert_eq!(Constraint::named("x_key"), Constraint::Other("x_key".into()));
        assert_eq!(Constraint::Other("x_key".into()).to_string(), "x_key");
    }

    #[test]
    fn a_read_cancelled_by_recovery_is_unavailable_and_other_serialization_failures_are_not() {
        use diesel::result::DatabaseErrorKind::SerializationFailure;
        assert!(super::is_unavailable(
            SerializationFailure,
            "canceling statement due to conflict with recovery"
        ));
        assert!(super::is_unavailable(
            SerializationFailure,
            "terminating connection due to conflict with recovery"
        ));
        assert!(!super::is_unavailable(
            SerializationFailure,
            "could not serialize access due to concurrent update"
        ));
    }
}
