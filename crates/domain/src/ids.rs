//! Typed ids: a `ClientId` cannot be passed where a `PracticeId` is expected.
//! All ids are UUIDv7, so they sort by creation time and index well.

use serde::{Deserialize, Serialize};
use uuid::Uuid;

macro_rules! typed_id {
    ($(#[$doc:meta])* $name:ident) => {
        $(#[$doc])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
        #[serde(transparent)]
        pub struct $name(pub Uuid);

        impl $name {
            /// A fresh, time-ordered id.
            pub fn new() -> Self {
                Self(Uuid::now_v7())
            }
        }

        impl Default for $name {
            fn default() -> Self {
                Self::new()
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                self.0.fmt(f)
            }
        }

        impl From<Uuid> for $name {
            fn from(id: Uuid) -> Self {
                Self(id)
            }
        }
    };
}

typed_id!(
    /// A practice: the tenant every other record belongs to.
    PracticeId
);

typed_id!(
    /// A staff member (owner, therapist or front desk) of one practice.
    StaffId
);

typed_id!(
    /// A client (a runner being treated) of one practice.
    ClientId
);

typed_id!(
    /// One submitted intake form (a version of a client's intake).
    IntakeFormId
);
