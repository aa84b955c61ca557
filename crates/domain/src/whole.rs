//! Whole numbers as JSON Schema counts them: `30` and `30.0` are both the integer 30 (a
//! generated client may send either), `30.5` is not. For every integer field of a request
//! body, with the field's own range checked by its type.

use serde::Deserializer;
use serde::de::Error;

struct Whole;

impl serde::de::Visitor<'_> for Whole {
    type Value = i64;
    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("a whole number")
    }
    fn visit_i64<E: Error>(self, v: i64) -> Result<i64, E> {
        Ok(v)
    }
    fn visit_u64<E: Error>(self, v: u64) -> Result<i64, E> {
        i64::try_from(v).map_err(|_| E::custom("is too large"))
    }
    fn visit_f64<E: Error>(self, v: f64) -> Result<i64, E> {
        if v.fract() == 0.0 && v.abs() < 9.0e15 {
            Ok(v as i64)
        } else {
            Err(E::custom("must be a whole number"))
        }
    }
}

/// A whole number that fits `T` (`serde(deserialize_with = "knead_domain::whole::number")`).
pub fn number<'de, D: Deserializer<'de>, T: TryFrom<i64>>(de: D) -> Result<T, D::Error> {
    let value = de.deserialize_any(Whole)?;
    T::try_from(value).map_err(|_| D::Error::custom(format!("{value} is out of range")))
}

/// An optional whole number (`null` or absent: none).
pub fn optional<'de, D: Deserializer<'de>, T: TryFrom<i64>>(de: D) -> Result<Option<T>, D::Error> {
    #[derive(serde::Deserialize)]
    struct Wrapped(#[serde(deserialize_with = "number")] i64);
    match <Option<Wrapped> as serde::Deserialize>::deserialize(de)? {
        None => Ok(None),
        Some(Wrapped(value)) => T::try_from(value)
            .map(Some)
            .map_err(|_| D::Error::custom(format!("{value} is out of range"))),
    }
}

#[cfg(test)]
mod tests {
    #[derive(Debug, serde::Deserialize)]
    struct Body {
        #[serde(deserialize_with = "super::number")]
        minutes: u16,
        #[serde(default, deserialize_with = "super::optional")]
        days: Option<u16>,
    }

    fn parse(json: &str) -> Result<Body, String> {
        serde_json::from_str(json).map_err(|e| e.to_string())
    }

    #[test]
    fn integral_floats_are_integers_and_others_are_not() {
        let body = parse(r#"{"minutes": 30.0, "days": 14.0}"#).expect("30.0 is 30");
        assert_eq!((body.minutes, body.days), (30, Some(14)));
        assert_eq!(parse(r#"{"minutes": 30}"#).expect("30").days, None);
        assert!(parse(r#"{"minutes": 30.5}"#).is_err());
        assert!(parse(r#"{"minutes": 70000}"#).is_err(), "out of u16");
        assert!(parse(r#"{"minutes": -1}"#).is_err());
        assert!(parse(r#"{"minutes": "30"}"#).is_err());
        assert!(parse(r#"{"minutes": 1, "days": 1.5}"#).is_err());
    }
}
