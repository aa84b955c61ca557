//! The demo practice's recent past and near future beyond its weekly series: signed session
//! notes over the past weeks with pain before and after (so pain charts and the outcome
//! report show data on a fresh start), a one-off session today for each therapist, one series
//! occurrence cancelled, a closed day in the coming weeks and a therapist's afternoon off.

use crate::routes::notes::body::NoteInput;
use chrono::{DateTime, Datelike, NaiveTime, TimeDelta, Utc, Weekday};
use knead_domain::booking::BookingStatus;
use knead_domain::closed_days::ClosedDayName;
use knead_domain::reasons::CancellationReason;
use knead_domain::recurrence::resolve_local;
use knead_domain::schedule::Span;
use knead_domain::{ClientId, PracticeId, Role, StaffId};
use knead_persistence::bookings::{self, Cancellation, Slot};
use knead_persistence::calendar::{self, CalendarQuery};
use knead_persistence::{Connection, StoreError, closed_days, notes, practices, schedule, services, staff};
use serde_json::json;

/// Each runner's complaint: region, side, and the techniques that treat it.
const COMPLAINTS: &[(&str, &str, &str, &str)] = &[
    ("calf", "left", "trigger_point", "sports_massage"),
    ("achilles_tendon", "right", "cross_fibre_friction", "stretching"),
    ("it_band", "left", "myofascial_release", "instrument_assisted"),
    ("plantar_fascia", "right", "trigger_point", "deep_tissue"),
    ("hamstrings", "bilateral", "active_release", "stretching"),
];

fn corrupt(e: impl std::fmt::Display) -> StoreError {
    StoreError::Corrupt(format!("demo data: {e}"))
}

pub async fn load(
    conn: &mut Connection,
    practice: PracticeId,
    clients: &[ClientId],
    now: DateTime<Utc>,
) -> Result<(), StoreError> {
    let zone = practices::find(conn, practice).await?.time_zone.tz();
    let today = now.with_timezone(&zone).date_naive();
    let at = |days: i64, hour: u32| {
        let day = today + TimeDelta::days(days);
        resolve_local(
            zone,
            day.and_time(NaiveTime::from_hms_opt(hour, 0, 0).unwrap_or(NaiveTime::MIN)),
        )
    };
    let therapists: Vec<StaffId> = staff::list(conn, practice, None, 10)
        .await?
        .into_iter()
        .filter(|s| s.role == Role::Therapist)
        .map(|s| s.id)
        .collect();
    if therapists.is_empty() {
        return Ok(());
    }

    // Three signed notes per client, two weeks apart, the pain easing each time.
    for (i, client) in clients.iter().enumerate() {
        let therapist = therapists[i % therapists.len()];
        let (region, side, first, second) = COMPLAINTS[i % COMPLAINTS.len()];
        for (visit, weeks_ago) in [6_i64, 4, 2].into_iter().enumerate() {
            // The fourth runner's pain rises session on session: the progress flags show it.
            let before = if i == 3 {
                3 + 2 * visit as i64
            } else {
                7 - visit as i64 - (i as i64 % 2)
            };
            let after = (before - 3).max(0);
            let session_at = at(-7 * weeks_ago - (i as i64 % 3), 10);
            let body = json!({
                "client_id": client.0,
                "session_date": session_at.with_timezone(&zone).date_naive(),
                "duration_minutes": 60,
                "subjective": format!("{} sore after the week's long run", region.replace('_', " ")),
                "assessment": "Tone easing; range of motion better than last visit",
                "plan": "Keep the easy runs easy; review in two weeks",
                "techniques": [
                    {"technique": first, "regions": [{"region": region, "side": side}], "minutes": 25, "pressure": "firm"},
                    {"technique": second, "regions": [{"region": region, "side": side}], "minutes": 20, "pressure": "medium"}
                ],
                "pain": [{"region": region, "side": side, "before": before, "after": after}],
                "home_care": [{"kind": "foam_rolling", "details": "2 minutes a side, evenings"}],
                "next_visit_in_days": 14
            });
            let input: NoteInput = serde_json::from_value(body).map_err(corrupt)?;
            let content = input.content(today).map_err(|e| corrupt(format!("{e:?}")))?;
            let note = notes::insert_draft(conn, practice, *client, therapist, None, content, session_at).await?;
            notes::sign(conn, practice, note.id, None, session_at + TimeDelta::hours(1)).await?;
        }
    }

    // A one-off session today for each therapist, after the series' hours.
    let sports = services::list_services(conn, practice, false)
        .await?
        .into_iter()
        .find(|s| s.details.duration_minutes == 60)
        .ok_or_else(|| corrupt("no 60-minute service"))?;
    for (i, therapist) in therapists.iter().enumerate() {
        let Some(client) = clients.get(clients.len().saturating_sub(1 + i)) else {
            continue;
        };
        let start = at(0, 15 + i as u32);
        let slot = Slot {
            client_id: *client,
            therapist_id: *therapist,
            service_id: sports.id,
            room_id: None,
            starts_at: start,
            ends_at: start + TimeDelta::minutes(60),
            buffer_minutes: sports.details.buffer_minutes,
            outside_hours: false,
        };
        bookings::insert(conn, practice, &slot, *therapist, now).await?;
    }

    // The first client's occurrence next week is cancelled: an exception in their series.
    if let Some(client) = clients.first() {
        let query = CalendarQuery {
            id: None,
            from: Some(at(7, 0)),
            to: Some(at(14, 0)),
            therapist: None,
            client: Some(*client),
            room: None,
            series: None,
            statuses: vec![BookingStatus::Scheduled],
            after: None,
            limit: 1,
        };
        if let Some(entry) = calendar::calendar(conn, practice, &query).await?.into_iter().next() {
            let cancellation = Cancellation {
                reason: CancellationReason::ClientRequest.as_str().into(),
                note: Some("Racing that weekend; back the week after".into()),
                late: false,
                at: now,
            };
            bookings::cancel(conn, practice, entry.booking.id, None, cancellation).await?;
        }
    }

    // A team training day in the coming weeks (never a Sunday), and an afternoon off.
    let mut closed = today + TimeDelta::days(17);
    if closed.weekday() == Weekday::Sun {
        closed += TimeDelta::days(1);
    }
    let name = ClosedDayName::parse("Team training day").map_err(corrupt)?;
    closed_days::insert(conn, practice, closed, &name, now).await?;
    let last = therapists[therapists.len() - 1];
    let off = Span::new(at(9, 13), at(9, 18));
    schedule::insert_time_off(conn, practice, last, off, "Physio appointment".into(), now).await?;
    Ok(())
}
