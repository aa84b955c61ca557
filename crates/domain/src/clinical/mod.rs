//! The clinical vocabulary: body regions, sides, pain qualities, aggravating factors, the
//! numeric pain rating scale, contraindications and their alerts. Every list is closed, so
//! bad values cannot be stored, and each item carries the label a person reads.

pub mod contraindication;
pub mod pain;
pub mod region;

pub use contraindication::{Contraindication, HandlingAlert, Severity, handling_alerts};
pub use pain::{AggravatingFactor, PainArea, PainIntensity, PainQuality};
pub use region::{BodyRegion, BodyView, Side};

/// Declares a closed enumeration with its wire name and human label.
macro_rules! vocabulary {
    ($(#[$doc:meta])* $name:ident { $($(#[$vdoc:meta])* $variant:ident => ($wire:literal, $label:literal)),+ $(,)? }) => {
        $(#[$doc])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize, serde::Deserialize)]
        #[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
        #[serde(rename_all = "snake_case")]
        pub enum $name {
            $($(#[$vdoc])* $variant),+
        }

        impl $name {
            pub const ALL: &'static [$name] = &[$($name::$variant),+];

            /// The wire name (snake_case), as stored and as in the API.
            pub fn as_str(self) -> &'static str {
                match self { $($name::$variant => $wire),+ }
            }

            /// What a person reads.
            pub fn label(self) -> &'static str {
                match self { $($name::$variant => $label),+ }
            }

            pub fn parse(raw: &str) -> Result<Self, $crate::Invalid> {
                Self::ALL
                    .iter()
                    .copied()
                    .find(|v| v.as_str() == raw)
                    .ok_or_else(|| $crate::Invalid::new(format!("unknown {} {raw:?}", stringify!($name))))
            }
        }
    };
}

pub(crate) use vocabulary;

/// The version of the consent text clients agree to; bump it when the text changes.
pub const CONSENT_TEXT_VERSION: &str = "2026-11-01";
pub const CONSENT_TEXT: &str = "I have answered these questions truthfully and will tell my therapist about any change \
in my health. I understand that massage therapy does not replace medical care, and I consent to treatment.";
