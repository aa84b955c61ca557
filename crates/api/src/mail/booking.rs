//! A client's message about a booking: re-checked against the booking as it is when it is
//! sent, and composed from the current rows (practice, local date and time, service,
//! therapist; for a reminder, the service's preparation). Never a note, a reason, or anything
//! clinical.

use super::Outgoing;
use crate::auth::secrets;
use crate::error::ApiError;
use chrono::{DateTime, Utc};
use knead_domain::PracticeId;
use knead_domain::mail_template::{ClientMessage, Values, render};
use knead_persistence::booking_mail::{self, BookingMail};
use knead_persistence::client_mail::{self, BookingLink};
use knead_persistence::email::{
    BOOKING_CANCELLED, BOOKING_CHANGED, BOOKING_CONFIRMED, BOOKING_REMINDER, Message, SERIES_CONFIRMED,
};

/// The prefix of manage-booking tokens.
pub const MANAGE_PREFIX: &str = "kb1";

/// What to do with a booking message now.
#[derive(Debug)]
pub enum Plan {
    Send(Outgoing),
    /// Not sent, on purpose: why.
    Skip(&'static str),
}

/// Whether `intent` is one of a client's booking messages.
pub fn is_booking(intent: &str) -> bool {
    [
        BOOKING_CONFIRMED,
        SERIES_CONFIRMED,
        BOOKING_CHANGED,
        BOOKING_CANCELLED,
        BOOKING_REMINDER,
    ]
    .contains(&intent)
}

/// Re-checks `message` against its booking now and composes it, or says why it is not sent.
/// A confirmation, change or reminder carries a manage-booking link, minted here.
pub async fn plan(
    conn: &mut knead_persistence::Connection,
    message: &Message,
    public_url: &str,
    now: DateTime<Utc>,
) -> Result<Plan, ApiError> {
    let Some(booking) = booking_mail::booking(conn, message).await? else {
        return Ok(Plan::Skip("the booking is gone"));
    };
    let Some(email) = booking.client_email.clone().filter(|_| !booking.client_archived) else {
        return Ok(Plan::Skip("the client has no email address"));
    };
    let intent = message.intent.as_str();
    if intent == SERIES_CONFIRMED {
        return series(conn, message, &booking, email, now).await;
    }
    let cancelled = booking.status == "cancelled";
    if intent == BOOKING_REMINDER {
        if cancelled || !matches!(booking.status.as_str(), "scheduled" | "confirmed") {
            return Ok(Plan::Skip("the booking is no longer scheduled"));
        }
        if message.booking_starts_at != Some(booking.starts_at) {
            return Ok(Plan::Skip("the booking moved since the reminder was queued"));
        }
        if booking.reminders_opt_out {
            return Ok(Plan::Skip("the client opted out of reminders"));
        }
    } else {
        if intent == BOOKING_CANCELLED && !cancelled {
            return Ok(Plan::Skip("the booking is no longer cancelled"));
        }
        if intent != BOOKING_CANCELLED && cancelled {
            return Ok(Plan::Skip("the booking was cancelled since"));
        }
        if booking_mail::superseded(conn, message).await? {
            return Ok(Plan::Skip("a newer message about the booking supersedes it"));
        }
    }
    let Some(kind) = ClientMessage::parse(intent) else {
        return Ok(Plan::Skip("not a booking message"));
    };
    let practice = PracticeId(message.practice_id);
    let manage = match (kind, message.booking_id) {
        (ClientMessage::BookingCancelled, _) | (_, None) => None,
        (_, Some(id)) => Some(manage_link(conn, practice, id, booking.ends_at, public_url, now).await?),
    };
    let template = super::template_for(conn, practice, kind).await?;
    let rendered = render(&template, &values(&booking, manage.as_deref()));
    Ok(Plan::Send(Outgoing {
        name: None,
        email,
        subject: rendered.subject,
        body: rendered.body,
    }))
}

/// Sessions a series confirmation lists by date; the rest it counts.
const SERIES_LISTED: i64 = 12;

/// A new series' confirmation: its sessions still ahead now, read at send time (one cancelled
/// or the series ended since is not listed); nothing when none is left.
async fn series(
    conn: &mut knead_persistence::Connection,
    message: &Message,
    first: &BookingMail,
    email: String,
    now: DateTime<Utc>,
) -> Result<Plan, ApiError> {
    let practice = PracticeId(message.practice_id);
    let Some(series) = first.series_id else {
        return Ok(Plan::Skip("not a series"));
    };
    let (starts, all) = booking_mail::series_sessions(conn, practice, series, now, SERIES_LISTED).await?;
    let Some(next) = starts.first().copied() else {
        return Ok(Plan::Skip("no session of the series is left"));
    };
    let zone = first.time_zone.parse::<chrono_tz::Tz>().unwrap_or(chrono_tz::UTC);
    let at = |t: &DateTime<Utc>| t.with_timezone(&zone).format("%a %-d %b at %H:%M").to_string();
    let mut sessions: Vec<String> = starts.iter().map(|t| format!("- {}", at(t))).collect();
    let more = all - starts.len() as i64;
    if more > 0 {
        sessions.push(format!("- and {more} more, on the same pattern"));
    }
    let template = super::template_for(conn, practice, ClientMessage::SeriesConfirmed).await?;
    let values = values(first, None)
        .set("when", at(&next))
        .set("sessions", sessions.join("\n"))
        .set("preparation", preparation(first, "Before each session"));
    let rendered = render(&template, &values);
    Ok(Plan::Send(Outgoing {
        name: None,
        email,
        subject: rendered.subject,
        body: rendered.body,
    }))
}

/// Mints a one-time manage-booking link, valid until the session ends; only its hash is kept.
async fn manage_link(
    conn: &mut knead_persistence::Connection,
    practice: PracticeId,
    booking: uuid::Uuid,
    ends_at: DateTime<Utc>,
    public_url: &str,
    now: DateTime<Utc>,
) -> Result<String, ApiError> {
    let minted = secrets::mint(MANAGE_PREFIX, practice);
    let link = BookingLink {
        practice_id: practice.0,
        id: minted.id,
        booking_id: booking,
        secret_hash: minted.hash,
        expires_at: ends_at,
        used_at: None,
        created_at: now,
    };
    client_mail::insert_booking_link(conn, &link).await?;
    Ok(format!("{}/manage#{}", public_url.trim_end_matches('/'), minted.token))
}

/// The session's start in the practice's zone: "Tue 12 May at 10:00".
pub fn when(booking: &BookingMail) -> String {
    let zone = booking.time_zone.parse::<chrono_tz::Tz>().unwrap_or(chrono_tz::UTC);
    booking
        .starts_at
        .with_timezone(&zone)
        .format("%a %-d %b at %H:%M")
        .to_string()
}

/// The service's preparation on lines of its own under `heading`; empty when it has none.
fn preparation(booking: &BookingMail, heading: &str) -> String {
    booking
        .preparation
        .as_deref()
        .map(str::trim)
        .filter(|p| !p.is_empty())
        .map(|p| format!("\n{heading}:\n{p}\n"))
        .unwrap_or_default()
}

/// The variables of a booking message: names, the local time, the service's preparation; no
/// note, no reason, nothing clinical.
pub fn values(booking: &BookingMail, manage_link: Option<&str>) -> Values {
    let preparation = preparation(booking, "Before your session");
    let other_sessions = if booking.series_id.is_some() {
        "; your other sessions are unchanged"
    } else {
        ""
    };
    Values::default()
        .set("client_given_name", booking.client_given_name.clone())
        .set("practice_name", booking.practice_name.clone())
        .set("when", when(booking))
        .set("service_name", booking.service_name.clone())
        .set("therapist_name", booking.therapist_name.clone())
        .set("preparation", preparation)
        .set("manage_link", manage_link.unwrap_or_default())
        .set("other_sessions", other_sessions)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn booking(series: bool) -> BookingMail {
        BookingMail {
            status: "scheduled".into(),
            version: 1,
            starts_at: "2026-05-12T16:00:00Z".parse().expect("instant"),
            series_id: series.then(uuid::Uuid::nil),
            client_email: Some("c@x.test".into()),
            client_given_name: "Ana".into(),
            client_archived: false,
            reminders_opt_out: false,
            practice_name: "Stride".into(),
            time_zone: "America/Denver".into(),
            service_name: "Sports massage".into(),
            preparation: Some("Wear shorts".into()),
            therapist_name: "Sam".into(),
            ends_at: "2026-05-12T17:00:00Z".parse().expect("instant"),
            cancelled_late: None,
            cancellation_window_hours: 24,
        }
    }

    fn text(kind: ClientMessage, booking: &BookingMail) -> (String, String) {
        let out = render(&kind.default_text(), &values(booking, Some("https://k.test/manage#t")));
        (out.subject, out.body)
    }

    #[test]
    fn dates_are_local_and_a_series_cancellation_names_one_occurrence() {
        assert_eq!(when(&booking(false)), "Tue 12 May at 10:00");
        let (_, body) = text(ClientMessage::BookingCancelled, &booking(true));
        assert!(body.contains("Your session on Tue 12 May at 10:00 is cancelled; your other sessions are unchanged"));
        let (_, body) = text(ClientMessage::BookingCancelled, &booking(false));
        assert!(
            body.contains("Your session on Tue 12 May at 10:00 is cancelled."),
            "{body}"
        );
        assert!(!body.contains("other sessions"));
        let (subject, body) = text(ClientMessage::BookingReminder, &booking(false));
        assert!(subject.starts_with("Reminder"));
        assert!(body.contains("Wear shorts"));
        assert!(body.contains("https://k.test/manage#t"));
        assert!(
            !text(ClientMessage::BookingConfirmed, &booking(false))
                .1
                .contains("Wear shorts")
        );
    }
}
