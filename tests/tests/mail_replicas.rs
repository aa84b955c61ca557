//! Client email from real servers: two `knead serve` processes, each running its mail worker
//! against one SMTP server (aiosmtpd on loopback). A booking for tomorrow gets its confirmation
//! and its reminder (with the service's preparation) once each, though both servers run the
//! reminder job and claim from the outbox. Both are then killed with SIGKILL; a booking made
//! while none runs is mailed once both are back, and nothing earlier is sent again.

use chrono::{DateTime, Duration as Span, DurationRound, Utc};
use knead_tests::served::{free_port, kill, start_server, wait_for, wait_until_ready};
use knead_tests::smtp_sink::{SmtpSink, decoded};
use knead_tests::{TestApp, TestDb};
use std::process::Child;
use std::time::Duration;

/// Two servers on `db`, mailing through `sink`, both ready.
async fn two_servers(db: &TestDb, sink: &SmtpSink) -> [Child; 2] {
    let url = sink.url();
    let env = [
        ("KNEAD_SMTP_URL", url.as_str()),
        ("KNEAD_MAIL_FROM", "Knead <no-reply@knead.test>"),
    ];
    let ports = [free_port(), free_port()];
    let mut servers = ports.map(|port| start_server(db, port, &env));
    for (server, port) in servers.iter_mut().zip(ports) {
        wait_until_ready(&format!("http://127.0.0.1:{port}"), server).await;
    }
    servers
}

/// A start `hours` from now, on the minute (the servers run on the real clock).
fn hours_ahead(hours: i64) -> DateTime<Utc> {
    (Utc::now() + Span::hours(hours))
        .duration_trunc(Span::minutes(1))
        .expect("a minute")
}

#[actix_rt::test]
async fn two_servers_mail_tomorrows_reminder_once_and_again_nothing_after_a_restart() {
    let sink = SmtpSink::start();
    let seeder = TestApp::spawn().await;
    let practice = seeder.seed_practice("mailreplicas").await;
    let client = seeder.add_client(practice.id, "Kim", "Runner").await;
    seeder.set_client_email(practice.id, client, "kim@client.test").await;
    let service = seeder.add_service(practice.id, "Sports massage").await;
    let therapist = practice.therapist.staff_id;
    let received = || sink.messages().iter().map(|m| decoded(m)).collect::<Vec<_>>();
    let reminders = || {
        received()
            .into_iter()
            .filter(|m| m.contains("A reminder:"))
            .collect::<Vec<_>>()
    };

    let mut servers = two_servers(&seeder.db, &sink).await;
    seeder
        .add_booking(practice.id, client, therapist, service, hours_ahead(20))
        .await;
    let both = wait_for(Duration::from_secs(30), async || received().len() >= 2).await;
    assert!(both, "got {} of the confirmation and the reminder", received().len());

    servers.iter_mut().for_each(kill);
    // Queued while no server runs.
    seeder
        .add_booking(practice.id, client, therapist, service, hours_ahead(22))
        .await;
    let mut servers = two_servers(&seeder.db, &sink).await;
    let all = wait_for(Duration::from_secs(30), async || received().len() >= 4).await;
    // Anything sent twice would arrive within a few more polls of both workers.
    actix_rt::time::sleep(Duration::from_secs(6)).await;
    servers.iter_mut().for_each(kill);
    assert!(all, "got {} of four messages after the restart", received().len());

    let messages = received();
    assert_eq!(messages.len(), 4, "each message once:\n{}", messages.join("\n-----\n"));
    let reminders = reminders();
    assert_eq!(reminders.len(), 2, "one reminder per booking");
    for reminder in &reminders {
        assert!(reminder.contains("To: kim@client.test"), "{reminder}");
        assert!(reminder.contains("Wear shorts"), "{reminder}");
        assert!(reminder.contains("/manage#kb1."), "{reminder}");
    }
    let ids: std::collections::BTreeSet<_> = messages
        .iter()
        .filter_map(|m| m.lines().find(|l| l.starts_with("Message-ID:")).map(str::to_owned))
        .collect();
    assert_eq!(ids.len(), 4, "four distinct Message-IDs: {ids:?}");
}
