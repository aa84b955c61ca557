//! A client's message about a booking: re-checked against the booking as it is when it is
//! sent, and composed from the current rows (practice, local date and time, service,
//! therapist; for a reminder, the service's preparation). Never a note, a reason, or anything
//! clinical.

use super::Outgoing;
use crate::error::ApiError;
use knead_persistence::booking_mail::{self, BookingMail};
use knead_persistence::email::{BOOKING_CANCELLED, BOOKING_CHANGED, BOOKING_CONFIRMED, BOOKING_REMINDER, Message};

/// What to do with a booking message now.
#[derive(Debug)]
pub enum Plan {
    Send(Outgoing),
    /// Not sent, on purpose: why.
    Skip(&'static str),
}

/// Whether `intent` is one of a client's booking messages.
pub fn is_booking(intent: &str) -> bool {
    [BOOKING_CONFIRMED, BOOKING_CHANGED, BOOKING_CANCELLED, BOOKING_REMINDER].contains(&intent)
}

/// Re-checks `message` against its booking now and composes it, or says why it is not sent.
pub async fn plan(conn: &mut knead_persistence::Connection, message: &Message) -> Result<Plan, ApiError> {
    let Some(booking) = booking_mail::booking(conn, message).await? else {
        return Ok(Plan::Skip("the booking is gone"));
    };
    let Some(email) = booking.client_email.clone().filter(|_| !booking.client_archived) else {
        return Ok(Plan::Skip("the client has no email address"));
    };
    let cancelled = booking.status == "cancelled";
    let intent = message.intent.as_str();
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
    let (subject, body) = text(intent, &booking);
    Ok(Plan::Send(Outgoing {
        name: None,
        email,
        subject,
        body,
    }))
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

/// The subject and body of a booking message.
pub fn text(intent: &str, booking: &BookingMail) -> (String, String) {
    let practice = &booking.practice_name;
    let when = when(booking);
    let what = format!("{} with {}", booking.service_name, booking.therapist_name);
    let hello = format!("Hello {},\n\n", booking.client_given_name);
    let (subject, middle) = match intent {
        BOOKING_CONFIRMED => (
            format!("Your session at {practice} on {when}"),
            format!("Your {what} at {practice} is booked for {when}.\n"),
        ),
        BOOKING_CHANGED => (
            format!("Your session at {practice} has moved to {when}"),
            format!("Your {what} at {practice} has moved: it is now on {when}.\n"),
        ),
        BOOKING_CANCELLED if booking.series_id.is_some() => (
            format!("Your session at {practice} on {when} is cancelled"),
            format!(
                "Your session on {when} is cancelled; your other sessions are unchanged.\n\
                 (It was your {what} at {practice}.)\n"
            ),
        ),
        BOOKING_CANCELLED => (
            format!("Your session at {practice} on {when} is cancelled"),
            format!("Your {what} at {practice} on {when} is cancelled.\n"),
        ),
        _ => {
            let preparation = booking
                .preparation
                .as_deref()
                .filter(|p| !p.trim().is_empty())
                .map(|p| format!("\nBefore your session:\n{p}\n"))
                .unwrap_or_default();
            (
                format!("Reminder: your session at {practice} on {when}"),
                format!("A reminder: your {what} at {practice} is on {when}.\n{preparation}"),
            )
        }
    };
    (
        subject,
        format!("{hello}{middle}\nTo change or cancel it, please contact {practice}.\n"),
    )
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
        }
    }

    #[test]
    fn dates_are_local_and_a_series_cancellation_names_one_occurrence() {
        assert_eq!(when(&booking(false)), "Tue 12 May at 10:00");
        let (_, body) = text(BOOKING_CANCELLED, &booking(true));
        assert!(body.contains("Your session on Tue 12 May at 10:00 is cancelled; your other sessions are unchanged"));
        let (_, body) = text(BOOKING_CANCELLED, &booking(false));
        assert!(!body.contains("other sessions"));
        let (subject, body) = text(BOOKING_REMINDER, &booking(false));
        assert!(subject.starts_with("Reminder"));
        assert!(body.contains("Wear shorts"));
        assert!(!text(BOOKING_CONFIRMED, &booking(false)).1.contains("Wear shorts"));
    }
}
