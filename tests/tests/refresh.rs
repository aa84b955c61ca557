//! Refresh tokens under concurrency and revocation: rotation, reuse detection and every
//! account-wide revocation (role change, deactivation, password change) leave one consistent
//! outcome, whatever the interleaving.

use futures_util::future::{join, join_all};
use knead_domain::Role;
use knead_tests::seed::PASSWORD;
use knead_tests::{Client, TestApp};
use serde_json::json;

async fn refresh(client: &Client, token: &str) -> (u16, Option<String>) {
    let answer = client.post("/v1/auth/refresh", &json!({"refresh_token": token})).await;
    let next = (answer.status == 200).then(|| {
        answer.json()["refresh_token"]
            .as_str()
            .expect("a refresh token")
            .to_owned()
    });
    (answer.status.as_u16(), next)
}

#[actix_rt::test]
async fn parallel_reuse_of_one_refresh_token_revokes_the_whole_family() {
    let app = TestApp::spawn().await;
    let practice = app.seed_practice("refresh-race").await;
    let client = app.client();
    // Few parallel requests race the winner's rotation most tightly; many leave stragglers.
    for (round, parallel) in [2, 3, 5, 20].into_iter().cycle().take(24).enumerate() {
        let (_, token) = app.login(&practice.owner.email, None).await;
        let answers = join_all((0..parallel).map(|_| refresh(&client, &token))).await;
        let statuses: Vec<u16> = answers.iter().map(|(status, _)| *status).collect();
        assert!(
            statuses.iter().all(|s| *s == 200 || *s == 401),
            "round {round}: {statuses:?}"
        );
        let winners: Vec<&String> = answers.iter().filter_map(|(_, next)| next.as_ref()).collect();
        assert_eq!(winners.len(), 1, "round {round}: one refresh wins: {statuses:?}");
        // Reuse was detected (19 losers), so nothing of this login may work any more.
        let (status, _) = refresh(&client, winners[0]).await;
        assert_eq!(status, 401, "round {round}: the winner's new token still works");
        let (status, _) = refresh(&client, &token).await;
        assert_eq!(status, 401, "round {round}");
    }
}

#[actix_rt::test]
async fn a_role_change_ends_refresh_tokens() {
    let app = TestApp::spawn().await;
    let practice = app.seed_practice("refresh-role").await;
    let owner = app.as_account(&practice.owner);
    let path = format!("/v1/staff/{}", practice.therapist.staff_id);
    let etag = owner.get(&path).await.header("etag").expect("etag").to_owned();
    let changed = app
        .patch_json(&practice.owner, &path, &etag, &json!({"role": "front_desk"}))
        .await;
    assert_eq!(changed.status, 200);
    let (status, _) = refresh(&app.client(), &practice.therapist.refresh_token).await;
    assert_eq!(status, 401, "a refresh after a downgrade");

    // A profile edit that keeps the role keeps the logins.
    let etag = changed.header("etag").expect("etag").to_owned();
    let (_, fresh) = app.login(&practice.therapist.email, None).await;
    let edited = app
        .patch_json(&practice.owner, &path, &etag, &json!({"credentials": "LMT"}))
        .await;
    assert_eq!(edited.status, 200);
    let (status, _) = refresh(&app.client(), &fresh).await;
    assert_eq!(status, 200);
}

/// Each round: a refresh races a role change. Whoever wins, the refresh token the refresh
/// handed out (if any) must be dead afterwards, since the role change revokes every login.
/// (One refresh per round: parallel ones would revoke each other through reuse detection.)
#[actix_rt::test]
async fn a_refresh_racing_a_role_change_leaves_no_live_token() {
    let app = TestApp::spawn().await;
    let practice = app.seed_practice("refresh-role-race").await;
    let client = app.client();
    let path = format!("/v1/staff/{}", practice.therapist.staff_id);
    for round in 0..10 {
        let (_, token) = app.login(&practice.therapist.email, None).await;
        let role = if round % 2 == 0 {
            Role::FrontDesk
        } else {
            Role::Therapist
        };
        let change = async {
            app.patch_json(&practice.owner, &path, "*", &json!({"role": role.as_str()}))
                .await
        };
        let (changed, (_, next)) = join(change, refresh(&client, &token)).await;
        assert_eq!(changed.status, 200, "round {round}");
        if let Some(next) = next {
            let (status, _) = refresh(&client, &next).await;
            assert_eq!(
                status, 401,
                "round {round}: a token issued around the role change survived it"
            );
        }
    }
}

async fn login_with(client: &Client, email: &str, password: &str) -> (String, String) {
    let answer = client
        .post("/v1/auth/login", &json!({"email": email, "password": password}))
        .await;
    assert_eq!(answer.status, 200, "login {email}");
    let pair = answer.json();
    let token = |name: &str| pair[name].as_str().expect("a token").to_owned();
    (token("access_token"), token("refresh_token"))
}

/// The same for a password change, which revokes every login too.
#[actix_rt::test]
async fn a_refresh_racing_a_password_change_leaves_no_live_token() {
    let app = TestApp::spawn().await;
    let practice = app.seed_practice("refresh-password-race").await;
    let client = app.client();
    let email = &practice.front_desk.email;
    let mut password = PASSWORD.to_owned();
    for round in 0..4 {
        let (access, token) = login_with(&client, email, &password).await;
        let next_password = format!("a brand new passphrase {round}");
        let desk = client.with_token(&access);
        let body = json!({"current_password": password, "new_password": next_password});
        let change = desk.post("/v1/me/password", &body);
        let (changed, (_, next)) = join(change, refresh(&client, &token)).await;
        assert_eq!(changed.status, 204, "round {round}");
        password = next_password;
        if let Some(next) = next {
            let (status, _) = refresh(&client, &next).await;
            assert_eq!(
                status, 401,
                "round {round}: a token issued around the password change survived it"
            );
        }
    }
}
