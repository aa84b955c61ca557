//! Clients: names, pressure preference, the runner profile and races.

use crate::Invalid;
use crate::clinical::vocabulary;
use serde::{Deserialize, Serialize};

/// A given or family name: 1–100 characters after trimming.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(transparent)]
pub struct PersonName(String);

impl PersonName {
    pub fn parse(raw: &str) -> Result<Self, Invalid> {
        let trimmed = raw.trim();
        match trimmed.chars().count() {
            0 => Err(Invalid::new("must not be blank")),
            1..=100 => Ok(Self(trimmed.to_owned())),
            _ => Err(Invalid::new("must be at most 100 characters")),
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// A date of birth: not in the future, not more than 130 years ago.
pub fn check_date_of_birth(date: chrono::NaiveDate, today: chrono::NaiveDate) -> Result<(), Invalid> {
    if date > today {
        return Err(Invalid::new("must not be in the future"));
    }
    let oldest = today
        .checked_sub_months(chrono::Months::new(130 * 12))
        .unwrap_or(chrono::NaiveDate::MIN);
    if date < oldest {
        return Err(Invalid::new("must be within the last 130 years"));
    }
    Ok(())
}

/// Free text with an upper bound, trimmed; blank becomes `None`.
pub fn optional_text(raw: Option<&str>, max_chars: usize) -> Result<Option<String>, Invalid> {
    match raw.map(str::trim).filter(|s| !s.is_empty()) {
        None => Ok(None),
        Some(s) if s.chars().count() <= max_chars => Ok(Some(s.to_owned())),
        Some(_) => Err(Invalid::new(format!("must be at most {max_chars} characters"))),
    }
}

/// What a phone field accepts, as the JSON Schema pattern the spec gives it (with
/// [`PHONE_MAX_LENGTH`]): empty (no number), or what [`check_phone`] accepts: digits, spaces
/// and `+-().` only, at least five digits.
pub const PHONE_PATTERN: &str = r"^$|^[ +().-]*(?:[0-9][ +().-]*){5,}$";
/// The longest phone number as written, spaces included.
pub const PHONE_MAX_LENGTH: usize = 32;

/// A phone number as people write it ([`PHONE_PATTERN`], at most [`PHONE_MAX_LENGTH`]
/// characters), stored without the spaces around it. The whole text is checked, spaces
/// included, so that what the spec's pattern allows and what is accepted are the same.
pub fn check_phone(raw: &str) -> Result<String, Invalid> {
    let digits = raw.chars().filter(char::is_ascii_digit).count();
    let allowed = raw.chars().all(|c| c.is_ascii_digit() || " +-().".contains(c));
    if allowed && raw.len() <= PHONE_MAX_LENGTH && digits >= 5 {
        Ok(raw.trim().to_owned())
    } else {
        Err(Invalid::new(
            "must be a phone number: digits, spaces and + - ( ) ., at least 5 digits, at most 32 characters",
        ))
    }
}

/// What a client search looks for in the search text. A query written like a phone number
/// (only digits, spaces and `+-().`, with at least three digits) is searched by its digits
/// alone, which the search text carries for each phone number next to the number as written:
/// so `3035550142`, `303-555-0142` and `(303) 555 0142` all find `+1 303 555 0142`. Any other
/// query is searched as typed.
pub fn search_text_query(q: &str) -> String {
    let q = q.trim();
    let digits: String = q.chars().filter(char::is_ascii_digit).collect();
    let phone_like = q.chars().all(|c| c.is_ascii_digit() || " +-().".contains(c));
    match phone_like && digits.len() >= 3 {
        true => digits,
        false => q.to_owned(),
    }
}

vocabulary! {
    /// How much pressure the client likes.
    PressurePreference {
        Light => ("light", "Light"),
        Medium => ("medium", "Medium"),
        Firm => ("firm", "Firm"),
        Deep => ("deep", "Deep"),
    }
}

vocabulary! {
    /// Where the client runs.
    Surface {
        Road => ("road", "Road"),
        Trail => ("trail", "Trail"),
        Track => ("track", "Track"),
        Treadmill => ("treadmill", "Treadmill"),
    }
}

vocabulary! {
    /// Distances the client usually races or trains for.
    UsualDistance {
        FiveK => ("5k", "5 km"),
        TenK => ("10k", "10 km"),
        HalfMarathon => ("half_marathon", "Half marathon"),
        Marathon => ("marathon", "Marathon"),
        Ultra => ("ultra", "Ultra"),
    }
}

vocabulary! {
    /// The unit a weekly distance is given in.
    DistanceUnit {
        Km => ("km", "kilometres"),
        Mi => ("mi", "miles"),
    }
}

vocabulary! {
    /// How much a race matters this season: A (goal race), B, C (training).
    RacePriority {
        A => ("a", "A race"),
        B => ("b", "B race"),
        C => ("c", "C race"),
    }
}

/// Weekly running volume.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct WeeklyDistance {
    /// 0–500.
    #[cfg_attr(feature = "openapi", schema(minimum = 0, maximum = 500))]
    pub value: f64,
    pub unit: DistanceUnit,
}

/// How, where and why the client runs.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct RunnerProfile {
    pub weekly_distance: Option<WeeklyDistance>,
    #[serde(default)]
    pub surfaces: Vec<Surface>,
    #[serde(default)]
    pub usual_distances: Vec<UsualDistance>,
    /// E.g. "Saucony Endorphin Speed 4, Hoka Clifton 9".
    #[cfg_attr(feature = "openapi", schema(max_length = 200))]
    pub shoes: Option<String>,
    /// E.g. "Boston qualifier: sub-3:05 at CIM".
    #[cfg_attr(feature = "openapi", schema(max_length = 500))]
    pub goal: Option<String>,
}

impl RunnerProfile {
    /// Checks bounds and trims text; returns the relative pointer of the first bad field.
    pub fn checked(mut self) -> Result<Self, (&'static str, Invalid)> {
        if let Some(w) = self.weekly_distance
            && !(w.value.is_finite() && (0.0..=500.0).contains(&w.value))
        {
            return Err(("/weekly_distance/value", Invalid::new("must be between 0 and 500")));
        }
        self.shoes = optional_text(self.shoes.as_deref(), 200).map_err(|e| ("/shoes", e))?;
        self.goal = optional_text(self.goal.as_deref(), 500).map_err(|e| ("/goal", e))?;
        self.surfaces.sort();
        self.surfaces.dedup();
        self.usual_distances.sort();
        self.usual_distances.dedup();
        Ok(self)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::NaiveDate;

    #[test]
    fn a_query_written_like_a_phone_number_is_searched_by_its_digits() {
        for q in ["3035550142", "303-555-0142", "(303) 555 0142", " +1 303.555.0142 "] {
            assert!("13035550142".contains(&search_text_query(q)), "{q}");
        }
        assert_eq!(search_text_query("núñez 4242"), "núñez 4242");
        assert_eq!(search_text_query("runner77@"), "runner77@");
        assert_eq!(search_text_query("(1)"), "(1)");
        assert_eq!(search_text_query(" 555 "), "555");
    }

    #[test]
    fn birth_dates_and_phones() {
        let today = NaiveDate::from_ymd_opt(2026, 11, 20).expect("date");
        assert!(check_date_of_birth(NaiveDate::from_ymd_opt(1990, 5, 1).expect("date"), today).is_ok());
        assert!(check_date_of_birth(NaiveDate::from_ymd_opt(2026, 11, 21).expect("date"), today).is_err());
        assert!(check_date_of_birth(NaiveDate::from_ymd_opt(1890, 1, 1).expect("date"), today).is_err());
        assert!(check_phone("+1 (303) 555-0199").is_ok());
        assert!(check_phone("call me").is_err());
        // The same as PHONE_PATTERN and PHONE_MAX_LENGTH say.
        assert_eq!(check_phone(" 12345 "), Ok("12345".into()));
        assert!(check_phone("1234").is_err());
        assert!(check_phone("\t12345").is_err());
        assert!(check_phone(&format!("{}12345", " ".repeat(28))).is_err());
        assert!(check_phone(&format!("{}12345", " ".repeat(27))).is_ok());
        assert!(PersonName::parse("  ").is_err());
    }
}
