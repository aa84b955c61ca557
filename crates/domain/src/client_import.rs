//! Importing clients from another product's CSV export: which column is which (by its
//! header, in the words such exports use), each row checked like a client typed in by hand,
//! and duplicates found — against the practice's clients and earlier rows of the same file —
//! by email, or by name and date of birth when there is no email.

use crate::client::{PersonName, check_date_of_birth, check_phone, optional_text};
use crate::{Email, Invalid};
use chrono::NaiveDate;
use serde::Serialize;
use std::collections::HashMap;

/// The most rows one file may hold.
pub const MAX_ROWS: usize = 2000;

/// A client field a column can fill.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Field {
    GivenName,
    FamilyName,
    /// A whole name in one column, split at its last space.
    FullName,
    Email,
    Phone,
    DateOfBirth,
    Notes,
}

/// Header words per field, compared without case, spaces, dashes or underscores.
const HEADERS: &[(Field, &[&str])] = &[
    (Field::GivenName, &["givenname", "firstname", "first", "forename"]),
    (Field::FamilyName, &["familyname", "lastname", "last", "surname"]),
    (Field::FullName, &["name", "fullname", "clientname", "patientname"]),
    (Field::Email, &["email", "emailaddress", "mail"]),
    (
        Field::Phone,
        &["phone", "phonenumber", "mobile", "mobilephone", "cell", "telephone"],
    ),
    (Field::DateOfBirth, &["dateofbirth", "dob", "birthdate", "birthday"]),
    (Field::Notes, &["notes", "note", "comments"]),
];

fn squashed(header: &str) -> String {
    header
        .chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect()
}

/// Which column fills which field: the first column whose header names it. Columns named
/// nothing are listed as ignored.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Mapping {
    pub columns: Vec<(Field, usize)>,
    pub ignored: Vec<String>,
}

impl Mapping {
    pub fn from_headers(headers: &[String]) -> Result<Self, Invalid> {
        let mut mapping = Mapping::default();
        for (i, header) in headers.iter().enumerate() {
            let key = squashed(header);
            let field = HEADERS
                .iter()
                .find(|(_, words)| words.contains(&key.as_str()))
                .map(|(f, _)| *f);
            match field {
                Some(f) if !mapping.columns.iter().any(|(g, _)| *g == f) => mapping.columns.push((f, i)),
                _ => mapping.ignored.push(header.clone()),
            }
        }
        let has = |f| mapping.columns.iter().any(|(g, _)| *g == f);
        if !(has(Field::FullName) || has(Field::GivenName) && has(Field::FamilyName)) {
            return Err(Invalid::new(
                "the header row names no client: it needs `name`, or `first name` and `last name`",
            ));
        }
        Ok(mapping)
    }

    fn cell<'a>(&self, record: &'a [String], field: Field) -> Option<&'a str> {
        let (_, i) = self.columns.iter().find(|(f, _)| *f == field)?;
        record.get(*i).map(|s| s.trim()).filter(|s| !s.is_empty())
    }
}

/// A row that passed: what the client will be.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImportedClient {
    pub given_name: String,
    pub family_name: String,
    pub email: Option<String>,
    pub phone: Option<String>,
    pub date_of_birth: Option<NaiveDate>,
    pub notes: Option<String>,
}

impl ImportedClient {
    /// What makes two clients the same person: the email, else name and date of birth.
    pub fn identity(&self) -> Identity {
        match &self.email {
            Some(email) => Identity::Email(email.clone()),
            None => Identity::Person(
                self.given_name.to_lowercase(),
                self.family_name.to_lowercase(),
                self.date_of_birth,
            ),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Identity {
    Email(String),
    Person(String, String, Option<NaiveDate>),
}

/// Reads one row; on failure, the field and why.
pub fn read_row(mapping: &Mapping, record: &[String], today: NaiveDate) -> Result<ImportedClient, (Field, Invalid)> {
    let (given, family) = match (
        mapping.cell(record, Field::GivenName),
        mapping.cell(record, Field::FamilyName),
    ) {
        (Some(g), Some(f)) => (g.to_owned(), f.to_owned()),
        _ => {
            let whole = mapping.cell(record, Field::FullName).unwrap_or_default();
            match whole.rsplit_once(' ') {
                Some((g, f)) => (g.trim().to_owned(), f.trim().to_owned()),
                None => return Err((Field::FullName, Invalid::new("needs a first and a last name"))),
            }
        }
    };
    let given = PersonName::parse(&given).map_err(|e| (Field::GivenName, e))?;
    let family = PersonName::parse(&family).map_err(|e| (Field::FamilyName, e))?;
    let email = mapping
        .cell(record, Field::Email)
        .map(|raw| Email::parse(raw).map(|e| e.as_str().to_owned()))
        .transpose()
        .map_err(|e| (Field::Email, e))?;
    let phone = mapping
        .cell(record, Field::Phone)
        .map(check_phone)
        .transpose()
        .map_err(|e| (Field::Phone, e))?;
    let date_of_birth = mapping
        .cell(record, Field::DateOfBirth)
        .map(|raw| parse_date(raw).and_then(|d| check_date_of_birth(d, today).map(|()| d)))
        .transpose()
        .map_err(|e| (Field::DateOfBirth, e))?;
    let notes = optional_text(mapping.cell(record, Field::Notes), 2000).map_err(|e| (Field::Notes, e))?;
    Ok(ImportedClient {
        given_name: given.as_str().to_owned(),
        family_name: family.as_str().to_owned(),
        email,
        phone,
        date_of_birth,
        notes,
    })
}

/// ISO dates, and the day-first and month-first forms exports use when they are unambiguous
/// (a day above 12); an ambiguous `03/04/1990` is refused rather than guessed.
fn parse_date(raw: &str) -> Result<NaiveDate, Invalid> {
    if let Ok(d) = NaiveDate::parse_from_str(raw, "%Y-%m-%d") {
        return Ok(d);
    }
    let parts: Vec<&str> = raw.split(['/', '.', '-']).collect();
    let bad = || Invalid::new("must be a date such as 1990-04-23");
    let [a, b, y] = parts[..] else { return Err(bad()) };
    let (a, b, y): (u32, u32, i32) = (
        a.parse().map_err(|_| bad())?,
        b.parse().map_err(|_| bad())?,
        y.parse().map_err(|_| bad())?,
    );
    match (a > 12, b > 12) {
        (true, false) => NaiveDate::from_ymd_opt(y, b, a).ok_or_else(bad),
        (false, true) => NaiveDate::from_ymd_opt(y, a, b).ok_or_else(bad),
        (false, false) if a == b => NaiveDate::from_ymd_opt(y, a, b).ok_or_else(bad),
        _ => Err(Invalid::new(
            "is ambiguous (day and month could swap): write it as YYYY-MM-DD",
        )),
    }
}

/// Where a duplicate row's person already is: an existing client, or an earlier row.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Original<C> {
    Client(C),
    Row(usize),
}

/// The first place each identity was seen, existing clients first, then rows in order.
pub fn duplicates<C: Copy>(existing: &[(C, Identity)], rows: &[(usize, Identity)]) -> Vec<(usize, Original<C>)> {
    let mut seen: HashMap<&Identity, Original<C>> = existing.iter().map(|(c, id)| (id, Original::Client(*c))).collect();
    let mut out = Vec::new();
    for (row, id) in rows {
        match seen.get(id) {
            Some(first) => out.push((*row, *first)),
            None => {
                seen.insert(id, Original::Row(*row));
            }
        }
    }
    out
}

#[cfg(test)]
#[path = "client_import_tests.rs"]
mod tests;
