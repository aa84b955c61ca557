//! Pain: the 0–10 numeric rating scale, qualities, aggravating factors, and a pain area.

use super::region::{BodyRegion, Side};
use super::vocabulary;
use crate::Invalid;
use serde::{Deserialize, Serialize};

/// A score on the 0–10 numeric pain rating scale (0 = none, 10 = worst imaginable).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(into = "u8")]
pub struct PainIntensity(u8);

/// Accepts any JSON number with no fractional part (`6` and `6.0` alike, as JSON Schema's
/// `integer` does), then checks the scale.
impl<'de> Deserialize<'de> for PainIntensity {
    fn deserialize<D: serde::Deserializer<'de>>(de: D) -> Result<Self, D::Error> {
        struct Visitor;
        impl serde::de::Visitor<'_> for Visitor {
            type Value = PainIntensity;
            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("a whole number from 0 to 10")
            }
            fn visit_i64<E: serde::de::Error>(self, v: i64) -> Result<PainIntensity, E> {
                PainIntensity::new(v).map_err(E::custom)
            }
            fn visit_u64<E: serde::de::Error>(self, v: u64) -> Result<PainIntensity, E> {
                PainIntensity::new(i64::try_from(v).unwrap_or(i64::MAX)).map_err(E::custom)
            }
            fn visit_f64<E: serde::de::Error>(self, v: f64) -> Result<PainIntensity, E> {
                if v.fract() == 0.0 && (0.0..=10.0).contains(&v) {
                    PainIntensity::new(v as i64).map_err(E::custom)
                } else {
                    Err(E::custom("must be a whole number between 0 and 10"))
                }
            }
        }
        de.deserialize_any(Visitor)
    }
}

impl PainIntensity {
    /// No pain.
    pub const MIN: Self = Self(0);

    pub fn new(raw: i64) -> Result<Self, Invalid> {
        u8::try_from(raw)
            .ok()
            .filter(|v| *v <= 10)
            .map(Self)
            .ok_or_else(|| Invalid::new("must be between 0 and 10"))
    }

    pub fn get(self) -> u8 {
        self.0
    }
}

impl From<PainIntensity> for u8 {
    fn from(p: PainIntensity) -> u8 {
        p.0
    }
}

vocabulary! {
    /// How the pain feels.
    PainQuality {
        Sharp => ("sharp", "Sharp"),
        Dull => ("dull", "Dull"),
        Aching => ("aching", "Aching"),
        Burning => ("burning", "Burning"),
        Tingling => ("tingling", "Tingling"),
        Numb => ("numb", "Numb"),
        Stiff => ("stiff", "Stiff"),
        Throbbing => ("throbbing", "Throbbing"),
        Tight => ("tight", "Tight"),
    }
}

vocabulary! {
    /// What makes the pain worse.
    AggravatingFactor {
        FirstStepsInTheMorning => ("first_steps_in_the_morning", "First steps in the morning"),
        AfterLongRuns => ("after_long_runs", "After long runs"),
        DuringRuns => ("during_runs", "During runs"),
        Hills => ("hills", "Hills"),
        Downhill => ("downhill", "Downhill"),
        Speedwork => ("speedwork", "Speed work"),
        Stairs => ("stairs", "Stairs"),
        Sitting => ("sitting", "Sitting"),
        Standing => ("standing", "Standing"),
        Walking => ("walking", "Walking"),
        Stretching => ("stretching", "Stretching"),
        Sleeping => ("sleeping", "Sleeping"),
    }
}

/// One place that hurts, as a client or therapist records it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct PainArea {
    pub region: BodyRegion,
    pub side: Side,
    /// 0 (no pain) to 10 (worst imaginable).
    #[cfg_attr(feature = "openapi", schema(value_type = u8, minimum = 0, maximum = 10))]
    pub intensity: PainIntensity,
    #[serde(default)]
    pub qualities: Vec<PainQuality>,
    /// When it started (approximate).
    #[serde(default)]
    pub onset: Option<chrono::NaiveDate>,
    #[serde(default)]
    pub aggravating: Vec<AggravatingFactor>,
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(max_length = 2000))]
    pub notes: Option<String>,
}

impl PainArea {
    /// Checks what types alone cannot: the side fits the region, no repeats, onset not in the
    /// future. Returns the field (relative pointer) and the reason.
    pub fn check(&self, today: chrono::NaiveDate) -> Result<(), (&'static str, Invalid)> {
        self.region.check_side(self.side).map_err(|e| ("/side", e))?;
        if has_repeats(&self.qualities) {
            return Err(("/qualities", Invalid::new("lists a quality twice")));
        }
        if has_repeats(&self.aggravating) {
            return Err(("/aggravating", Invalid::new("lists a factor twice")));
        }
        if self.onset.is_some_and(|d| d > today) {
            return Err(("/onset", Invalid::new("must not be in the future")));
        }
        if self.notes.as_ref().is_some_and(|n| n.chars().count() > 2000) {
            return Err(("/notes", Invalid::new("must be at most 2000 characters")));
        }
        Ok(())
    }
}

fn has_repeats<T: Ord + Copy>(items: &[T]) -> bool {
    let mut sorted = items.to_vec();
    sorted.sort();
    sorted.windows(2).any(|w| w[0] == w[1])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn intensity_is_the_numeric_scale() {
        assert_eq!(PainIntensity::new(0).map(PainIntensity::get), Ok(0));
        assert_eq!(PainIntensity::new(10).map(PainIntensity::get), Ok(10));
        assert!(PainIntensity::new(11).is_err());
        assert!(PainIntensity::new(-1).is_err());
    }
}
