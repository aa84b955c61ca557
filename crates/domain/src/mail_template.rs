//! The wording of a client's email: six messages, each with a built-in text a practice may
//! replace, written with `{{variable}}` placeholders from a fixed list per message. No
//! variable is clinical (no note, reason, pain or intake answer can reach an email), and a
//! value is put in once and never read as a template again; in a subject it is one line.

use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// A client's message whose wording a practice may set.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema), schema(as = EmailTemplateIntent))]
#[serde(rename_all = "snake_case")]
pub enum ClientMessage {
    BookingConfirmed,
    BookingChanged,
    BookingCancelled,
    BookingReminder,
    IntakeLink,
    SeriesConfirmed,
}

/// A placeholder a message may use.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Variable {
    pub name: &'static str,
    pub description: &'static str,
}

const fn var(name: &'static str, description: &'static str) -> Variable {
    Variable { name, description }
}

const GIVEN_NAME: Variable = var("client_given_name", "The client's given name.");
const PRACTICE: Variable = var("practice_name", "The practice's name.");
const WHEN: Variable = var(
    "when",
    "The session's day and time in the practice's time zone, as in \"Tue 12 May at 10:00\".",
);
const SERVICE: Variable = var("service_name", "The booked service.");
const THERAPIST: Variable = var("therapist_name", "The therapist's display name.");
const PREPARATION: Variable = var(
    "preparation",
    "The service's preparation instructions, on lines of their own (empty when it has none).",
);
const MANAGE_LINK: Variable = var(
    "manage_link",
    "A one-time link where the client sees the booking and may cancel it (late inside the cancellation window).",
);
const OTHER_SESSIONS: Variable = var(
    "other_sessions",
    "For one session of a series: \"; your other sessions are unchanged\"; otherwise empty.",
);
const SESSIONS: Variable = var(
    "sessions",
    "A new series' upcoming sessions, one per line as in \"Tue 12 May at 10:00\" (the first twelve, then how many more).",
);
const INTAKE_LINK: Variable = var("intake_link", "The one-time link to the intake form.");
const LINK_EXPIRES: Variable = var(
    "link_expires",
    "When the intake link stops working, in the practice's time zone.",
);

impl ClientMessage {
    pub const ALL: [ClientMessage; 6] = [
        Self::BookingConfirmed,
        Self::SeriesConfirmed,
        Self::BookingChanged,
        Self::BookingCancelled,
        Self::BookingReminder,
        Self::IntakeLink,
    ];

    /// The name in the API, the outbox and the `email_templates` table.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::BookingConfirmed => "booking_confirmed",
            Self::BookingChanged => "booking_changed",
            Self::BookingCancelled => "booking_cancelled",
            Self::BookingReminder => "booking_reminder",
            Self::IntakeLink => "intake_link",
            Self::SeriesConfirmed => "series_confirmed",
        }
    }

    pub fn parse(name: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|m| m.as_str() == name)
    }

    /// What an owner sees in the list.
    pub fn label(self) -> &'static str {
        match self {
            Self::BookingConfirmed => "Booking confirmed",
            Self::BookingChanged => "Booking moved",
            Self::BookingCancelled => "Booking cancelled",
            Self::BookingReminder => "Reminder",
            Self::IntakeLink => "Intake form link",
            Self::SeriesConfirmed => "Recurring sessions booked",
        }
    }

    /// The placeholders this message may use.
    pub fn variables(self) -> &'static [Variable] {
        const CONFIRMED: &[Variable] = &[GIVEN_NAME, PRACTICE, WHEN, SERVICE, THERAPIST, PREPARATION, MANAGE_LINK];
        const CANCELLED: &[Variable] = &[GIVEN_NAME, PRACTICE, WHEN, SERVICE, THERAPIST, OTHER_SESSIONS];
        const INTAKE: &[Variable] = &[GIVEN_NAME, PRACTICE, INTAKE_LINK, LINK_EXPIRES];
        const SERIES: &[Variable] = &[GIVEN_NAME, PRACTICE, WHEN, SERVICE, THERAPIST, PREPARATION, SESSIONS];
        match self {
            Self::BookingConfirmed | Self::BookingChanged | Self::BookingReminder => CONFIRMED,
            Self::BookingCancelled => CANCELLED,
            Self::IntakeLink => INTAKE,
            Self::SeriesConfirmed => SERIES,
        }
    }

    /// The built-in wording.
    pub fn default_text(self) -> Template {
        let (subject, body) = match self {
            Self::BookingConfirmed => (
                "Your session at {{practice_name}} on {{when}}",
                "Hello {{client_given_name}},\n\n\
                 Your {{service_name}} with {{therapist_name}} at {{practice_name}} is booked for {{when}}.\n\n\
                 To see it or cancel it: {{manage_link}}\n\
                 To change it, please contact {{practice_name}}.\n",
            ),
            Self::SeriesConfirmed => (
                "Your sessions at {{practice_name}} from {{when}}",
                "Hello {{client_given_name}},\n\n\
                 Your {{service_name}} sessions with {{therapist_name}} at {{practice_name}} are booked:\n\n\
                 {{sessions}}\n\
                 {{preparation}}\n\
                 To change or cancel any of them, please contact {{practice_name}}.\n",
            ),
            Self::BookingChanged => (
                "Your session at {{practice_name}} has moved to {{when}}",
                "Hello {{client_given_name}},\n\n\
                 Your {{service_name}} with {{therapist_name}} at {{practice_name}} has moved: it is now on {{when}}.\n\n\
                 To see it or cancel it: {{manage_link}}\n\
                 To change it, please contact {{practice_name}}.\n",
            ),
            Self::BookingCancelled => (
                "Your session at {{practice_name}} on {{when}} is cancelled",
                "Hello {{client_given_name}},\n\n\
                 Your session on {{when}} is cancelled{{other_sessions}}.\n\
                 (It was your {{service_name}} with {{therapist_name}} at {{practice_name}}.)\n\n\
                 To book again, please contact {{practice_name}}.\n",
            ),
            Self::BookingReminder => (
                "Reminder: your session at {{practice_name}} on {{when}}",
                "Hello {{client_given_name}},\n\n\
                 A reminder: your {{service_name}} with {{therapist_name}} at {{practice_name}} is on {{when}}.\n\
                 {{preparation}}\n\
                 To see it or cancel it: {{manage_link}}\n\
                 To change it, please contact {{practice_name}}.\n",
            ),
            Self::IntakeLink => (
                "Your intake form for {{practice_name}}",
                "Hello {{client_given_name}},\n\n\
                 {{practice_name}} asks you to fill in your intake form before your session. Open\n\
                 this link (it works once, until {{link_expires}}):\n\n\
                 {{intake_link}}\n\n\
                 If you were not expecting this, ignore this message.\n",
            ),
        };
        Template {
            subject: subject.to_owned(),
            body: body.to_owned(),
        }
    }
}

/// A message's wording.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Template {
    pub subject: String,
    pub body: String,
}

/// Which part of a template is wrong, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TemplateError {
    /// `subject` or `body`.
    pub field: &'static str,
    pub detail: String,
}

const SUBJECT_MAX: usize = 200;
const BODY_MAX: usize = 5000;

/// Checks a practice's wording for `message`: not blank, not too long, every `{{…}}` a
/// variable of this message, and no braces left unclosed.
pub fn check(message: ClientMessage, template: &Template) -> Result<(), TemplateError> {
    for (field, text, max) in [
        ("subject", &template.subject, SUBJECT_MAX),
        ("body", &template.body, BODY_MAX),
    ] {
        let fail = |detail: String| Err(TemplateError { field, detail });
        if text.trim().is_empty() {
            return fail("must not be blank".into());
        }
        if text.chars().count() > max {
            return fail(format!("must be at most {max} characters"));
        }
        if field == "subject" && text.contains(['\r', '\n']) {
            return fail("must be one line".into());
        }
        for piece in pieces(text) {
            match piece {
                Piece::Text(_) => {}
                Piece::Unclosed => return fail("has a `{{` without its `}}`".into()),
                Piece::Variable(name) if message.variables().iter().any(|v| v.name == name) => {}
                Piece::Variable(name) => {
                    let known: Vec<_> = message.variables().iter().map(|v| v.name).collect();
                    return fail(format!(
                        "`{{{{{name}}}}}` is not a variable of this message; it may use {}",
                        known.join(", ")
                    ));
                }
            }
        }
    }
    Ok(())
}

/// The values of a message's variables; one missing renders as empty.
#[derive(Debug, Clone, Default)]
pub struct Values(BTreeMap<&'static str, String>);

impl Values {
    pub fn set(mut self, name: &'static str, value: impl Into<String>) -> Self {
        self.0.insert(name, value.into());
        self
    }
}

/// A message ready to send.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rendered {
    pub subject: String,
    pub body: String,
}

/// Fills `template` with `values`: each placeholder once, its value never read as a template;
/// in the subject a value's line breaks and control characters become spaces, in the body
/// only its line breaks are kept.
pub fn render(template: &Template, values: &Values) -> Rendered {
    let fill = |text: &str, one_line: bool| {
        let mut out = String::with_capacity(text.len() + 64);
        for piece in pieces(text) {
            match piece {
                Piece::Text(t) => out.push_str(t),
                Piece::Unclosed => {}
                Piece::Variable(name) => {
                    let value = values.0.get(name).map(String::as_str).unwrap_or("");
                    out.extend(value.chars().map(|c| match c {
                        '\n' if !one_line => '\n',
                        c if c.is_control() => ' ',
                        c => c,
                    }));
                }
            }
        }
        out
    };
    Rendered {
        subject: fill(&template.subject, true).trim().to_owned(),
        body: fill(&template.body, false),
    }
}

enum Piece<'a> {
    Text(&'a str),
    Variable(&'a str),
    Unclosed,
}

/// Splits `text` into literal text and `{{ name }}` placeholders.
fn pieces(text: &str) -> Vec<Piece<'_>> {
    let mut out = Vec::new();
    let mut rest = text;
    while let Some(open) = rest.find("{{") {
        out.push(Piece::Text(&rest[..open]));
        let after = &rest[open + 2..];
        let Some(close) = after.find("}}") else {
            out.push(Piece::Unclosed);
            return out;
        };
        out.push(Piece::Variable(after[..close].trim()));
        rest = &after[close + 2..];
    }
    out.push(Piece::Text(rest));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_default_passes_its_own_check_and_names_round_trip() {
        for message in ClientMessage::ALL {
            assert_eq!(check(message, &message.default_text()), Ok(()), "{message:?}");
            assert_eq!(ClientMessage::parse(message.as_str()), Some(message));
        }
        assert_eq!(ClientMessage::parse("password_reset"), None);
    }

    #[test]
    fn an_unknown_or_foreign_variable_is_named_at_its_field() {
        let mut t = ClientMessage::BookingCancelled.default_text();
        t.body.push_str("{{manage_link}}");
        let err = check(ClientMessage::BookingCancelled, &t).expect_err("manage_link is not offered");
        assert_eq!(err.field, "body");
        assert!(err.detail.contains("{{manage_link}}"), "{}", err.detail);
        let mut t = ClientMessage::BookingReminder.default_text();
        t.subject = "Hi {{client_notes}}".into();
        assert_eq!(
            check(ClientMessage::BookingReminder, &t).expect_err("unknown").field,
            "subject"
        );
        t.subject = "Hi {{when".into();
        assert!(check(ClientMessage::BookingReminder, &t).is_err());
        t.subject = "two\nlines".into();
        assert!(check(ClientMessage::BookingReminder, &t).is_err());
        t.subject = "   ".into();
        assert!(check(ClientMessage::BookingReminder, &t).is_err());
    }

    #[test]
    fn values_go_in_once_and_a_subject_stays_one_line() {
        let t = Template {
            subject: "For {{ client_given_name }}".into(),
            body: "{{client_given_name}} / {{practice_name}} / {{when}}".into(),
        };
        let values = Values::default()
            .set("client_given_name", "Ana\r\nBcc: x@y.test {{practice_name}}")
            .set("practice_name", "Stride");
        let out = render(&t, &values);
        assert_eq!(out.subject, "For Ana  Bcc: x@y.test {{practice_name}}");
        assert!(!out.subject.contains('\n'));
        assert_eq!(out.body, "Ana \nBcc: x@y.test {{practice_name}} / Stride / ");
    }

    #[test]
    fn no_message_offers_a_clinical_variable() {
        for message in ClientMessage::ALL {
            for v in message.variables() {
                for word in ["note", "reason", "pain", "intake_answer", "condition", "medication"] {
                    assert!(!v.name.contains(word), "{}", v.name);
                }
            }
        }
    }
}
