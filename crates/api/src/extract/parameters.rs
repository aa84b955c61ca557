//! Naming the query parameter that did not parse. actix reads a query string with
//! serde_urlencoded, whose errors say what went wrong but not where ("invalid digit found in
//! string"), and its error handler sees only the request, not the target type. The spec is
//! generated from the same `IntoParams` types, so it knows each operation's query parameters
//! and the shape of each (uuid, date-time, date, integer, boolean, one of an enum): the
//! handler checks the request's values against those shapes and names the first that fails.

use serde_json::Value;
use std::collections::HashMap;

/// What a query parameter's value must look like to parse; only what the parse itself refuses
/// (ranges and lengths are the handlers' checks, made after parsing).
#[derive(Debug, Clone, PartialEq)]
enum Shape {
    Uuid,
    DateTime,
    Date,
    Integer,
    Number,
    Boolean,
    OneOf(Vec<String>),
    Text,
}

impl Shape {
    fn of(schema: &Value) -> Self {
        let text = |key: &str| schema.get(key).and_then(Value::as_str);
        if let Some(values) = schema.get("enum").and_then(Value::as_array) {
            return Self::OneOf(values.iter().filter_map(Value::as_str).map(str::to_owned).collect());
        }
        match (text("type"), text("format")) {
            (Some("integer"), _) => Self::Integer,
            (Some("number"), _) => Self::Number,
            (Some("boolean"), _) => Self::Boolean,
            (Some("string"), Some("uuid")) => Self::Uuid,
            (Some("string"), Some("date-time")) => Self::DateTime,
            (Some("string"), Some("date")) => Self::Date,
            _ => Self::Text,
        }
    }

    /// `None` when `value` has this shape, else what it should have been.
    fn refuses(&self, value: &str) -> Option<String> {
        let fits = match self {
            Self::Uuid => uuid::Uuid::try_parse(value).is_ok(),
            Self::DateTime => value.parse::<chrono::DateTime<chrono::FixedOffset>>().is_ok(),
            Self::Date => value.parse::<chrono::NaiveDate>().is_ok(),
            Self::Integer => value.parse::<i64>().is_ok(),
            Self::Number => value.parse::<f64>().is_ok_and(f64::is_finite),
            Self::Boolean => matches!(value, "true" | "false"),
            Self::OneOf(allowed) => allowed.iter().any(|a| a == value),
            Self::Text => true,
        };
        (!fits).then(|| match self {
            Self::Uuid => "must be a UUID".into(),
            Self::DateTime => "must be an RFC 3339 date-time, e.g. 2026-12-07T08:00:00Z".into(),
            Self::Date => "must be a date, YYYY-MM-DD".into(),
            Self::Integer => "must be a whole number".into(),
            Self::Number => "must be a number".into(),
            Self::Boolean => "must be true or false".into(),
            Self::OneOf(allowed) => format!("must be one of: {}", allowed.join(", ")),
            Self::Text => String::new(),
        })
    }
}

/// Every operation's query parameters, by method and route pattern, from the spec.
#[derive(Debug, Clone, Default)]
pub struct QueryParameters(HashMap<(String, String), HashMap<String, Shape>>);

impl QueryParameters {
    pub fn from_spec(spec: &utoipa::openapi::OpenApi) -> Self {
        let spec = serde_json::to_value(spec).unwrap_or_default();
        let resolve = |schema: &Value| -> Value {
            let name = schema
                .get("$ref")
                .and_then(Value::as_str)
                .and_then(|r| r.rsplit('/').next());
            match name {
                Some(name) => spec["components"]["schemas"][name].clone(),
                None => schema.clone(),
            }
        };
        let mut table = HashMap::new();
        for (path, item) in spec["paths"].as_object().into_iter().flatten() {
            for (method, op) in item.as_object().into_iter().flatten() {
                let shapes: HashMap<String, Shape> = op["parameters"]
                    .as_array()
                    .into_iter()
                    .flatten()
                    .filter(|p| p["in"] == "query")
                    .filter_map(|p| Some((p["name"].as_str()?.to_owned(), Shape::of(&resolve(&p["schema"])))))
                    .collect();
                table.insert((method.to_uppercase(), path.clone()), shapes);
            }
        }
        Self(table)
    }

    /// The first parameter of `pairs` that the operation at `method` `pattern` could not
    /// parse, with what it should have been.
    pub fn first_refused(&self, method: &str, pattern: &str, pairs: &[(String, String)]) -> Option<(String, String)> {
        let shapes = self.0.get(&(method.to_owned(), pattern.to_owned()))?;
        pairs.iter().find_map(|(name, value)| {
            let message = shapes.get(name)?.refuses(value)?;
            Some((name.clone(), message))
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shapes_refuse_what_does_not_parse() {
        let uuid = Shape::of(&serde_json::json!({"type": "string", "format": "uuid"}));
        assert!(uuid.refuses("not-a-uuid").is_some());
        assert!(uuid.refuses("01938f2c-7d4e-7b3a-9c1d-2e3f4a5b6c7d").is_none());
        let when = Shape::of(&serde_json::json!({"type": "string", "format": "date-time"}));
        assert!(when.refuses("garbage").is_some());
        assert!(when.refuses("2026-12-07T08:00:00+01:00").is_none());
        let step = Shape::of(&serde_json::json!({"type": "integer", "minimum": 5}));
        assert!(step.refuses("abc").is_some());
        // Ranges are the handler's to check, with its own message.
        assert!(step.refuses("1").is_none());
        let status = Shape::of(&serde_json::json!({"type": "string", "enum": ["a", "b"]}));
        assert_eq!(status.refuses("c").as_deref(), Some("must be one of: a, b"));
        assert!(Shape::of(&serde_json::json!({"type": "string"})).refuses("x").is_none());
    }
}
