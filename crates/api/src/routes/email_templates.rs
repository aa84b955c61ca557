//! The wording of clients' emails, per practice (owners): the six messages with their
//! variables, each one's text replaced, restored to the built-in one, or previewed with
//! example values before it is saved. A variable outside the message's fixed list (none is
//! clinical) is refused at its field.

use crate::auth::Caller;
use crate::error::{ApiError, Problem};
use crate::extract::Json;
use crate::state::AppState;
use actix_web::{HttpResponse, delete, get, post, put, web};
use chrono::{DateTime, Duration, Utc};
use knead_domain::mail_template::{ClientMessage, Template, Values, check, render};
use knead_persistence::client_mail::{self, StoredTemplate};
use knead_persistence::{Connection, practices};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// A placeholder a message may use, written `{{name}}`.
#[derive(Debug, Serialize, ToSchema)]
pub struct EmailTemplateVariable {
    pub name: String,
    pub description: String,
}

/// One message's wording as the practice sends it.
#[derive(Debug, Serialize, ToSchema)]
pub struct EmailTemplate {
    pub intent: ClientMessage,
    pub label: String,
    pub subject: String,
    pub body: String,
    /// False while the built-in wording is in use.
    pub custom: bool,
    pub updated_at: Option<DateTime<Utc>>,
    pub variables: Vec<EmailTemplateVariable>,
}

/// Every client message of the practice, in a fixed order.
#[derive(Debug, Serialize, ToSchema)]
pub struct EmailTemplateList {
    pub items: Vec<EmailTemplate>,
}

/// New wording for a message.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"subject": "See you {{when}}", "body": "Hello {{client_given_name}},\n\nYour {{service_name}} is booked for {{when}}.\n{{manage_link}}\n"}))]
pub struct EmailTemplateInput {
    /// One line, at most 200 characters.
    #[schema(max_length = 200)]
    pub subject: String,
    /// At most 5,000 characters.
    #[schema(max_length = 5000)]
    pub body: String,
}

/// A draft to preview; an absent part is the saved wording's.
#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct EmailPreviewInput {
    #[schema(max_length = 200)]
    pub subject: Option<String>,
    #[schema(max_length = 5000)]
    pub body: Option<String>,
}

/// A message as a client would receive it, with example values.
#[derive(Debug, Serialize, ToSchema)]
pub struct EmailPreview {
    pub subject: String,
    pub body: String,
}

fn view(kind: ClientMessage, stored: Option<StoredTemplate>) -> EmailTemplate {
    let custom = stored.is_some();
    let (text, updated_at) = match stored {
        Some(s) => (
            Template {
                subject: s.subject,
                body: s.body,
            },
            Some(s.updated_at),
        ),
        None => (kind.default_text(), None),
    };
    EmailTemplate {
        intent: kind,
        label: kind.label().to_owned(),
        subject: text.subject,
        body: text.body,
        custom,
        updated_at,
        variables: kind
            .variables()
            .iter()
            .map(|v| EmailTemplateVariable {
                name: v.name.to_owned(),
                description: v.description.to_owned(),
            })
            .collect(),
    }
}

fn message(raw: &str) -> Result<ClientMessage, ApiError> {
    ClientMessage::parse(raw).ok_or(ApiError::NotFound)
}

async fn current(conn: &mut Connection, caller: &Caller, kind: ClientMessage) -> Result<EmailTemplate, ApiError> {
    let stored = client_mail::template(conn, caller.practice, kind.as_str()).await?;
    Ok(view(kind, stored))
}

fn checked(kind: ClientMessage, template: &Template) -> Result<(), ApiError> {
    check(kind, template).map_err(|e| ApiError::invalid(&format!("/{}", e.field), e.detail))
}

/// List the practice's email templates.
///
/// The six messages a client may receive (confirmation, a new series' confirmation, move,
/// cancellation, reminder, intake link), each with its wording now (`custom` false for the built-in one) and the variables it
/// may use. Staff messages (invitations, password resets) are not templated.
#[utoipa::path(
    tag = "practice",
    operation_id = "list_email_templates",
    security(("bearer" = [])),
    responses((status = 200, description = "Every client message.", body = EmailTemplateList))
)]
#[get("/v1/email-templates")]
pub async fn list_email_templates(caller: Caller, state: web::Data<AppState>) -> Result<HttpResponse, ApiError> {
    caller.authorise()?;
    let mut conn = state.conn().await?;
    let stored = client_mail::templates(&mut conn, caller.practice).await?;
    let items = ClientMessage::ALL
        .into_iter()
        .map(|kind| {
            let own = stored.iter().find(|s| s.intent == kind.as_str()).cloned();
            view(kind, own)
        })
        .collect();
    Ok(HttpResponse::Ok().json(EmailTemplateList { items }))
}

/// Replace a message's wording.
///
/// The subject is one line; both parts may use only the message's variables (`{{name}}`), else
/// 422 names the part and the variable. Values are put in as plain text, once: a client's name
/// that looks like a placeholder stays as typed. 404 for an unknown message.
#[utoipa::path(
    tag = "practice",
    operation_id = "update_email_template",
    security(("bearer" = [])),
    request_body = EmailTemplateInput,
    params(("intent" = ClientMessage, Path, description = "The message")),
    responses(
        (status = 200, description = "Saved.", body = EmailTemplate),
        (status = 404, description = "No such message.", body = Problem, content_type = "application/problem+json"),
    )
)]
#[put("/v1/email-templates/{intent}")]
pub async fn update_email_template(
    caller: Caller,
    state: web::Data<AppState>,
    intent: web::Path<String>,
    body: Json<EmailTemplateInput>,
) -> Result<HttpResponse, ApiError> {
    let kind = caller.authorise_item(async { message(&intent) }).await?;
    let template = Template {
        subject: body.0.subject,
        body: body.0.body,
    };
    checked(kind, &template)?;
    let mut conn = state.conn().await?;
    let stored = StoredTemplate {
        practice_id: caller.practice.0,
        intent: kind.as_str().to_owned(),
        subject: template.subject.trim().to_owned(),
        body: template.body,
        updated_at: state.settings.clock.now(),
        updated_by: caller.staff.0,
    };
    client_mail::save_template(&mut conn, &stored).await?;
    Ok(HttpResponse::Ok().json(current(&mut conn, &caller, kind).await?))
}

/// Restore a message's built-in wording.
///
/// Removes the practice's own wording for this message: the next emails of this kind use the
/// built-in subject and body again. Answers the wording now in use. Owners only.
#[utoipa::path(
    tag = "practice",
    operation_id = "reset_email_template",
    security(("bearer" = [])),
    params(("intent" = ClientMessage, Path, description = "The message")),
    responses(
        (status = 200, description = "The built-in wording, in use again.", body = EmailTemplate),
        (status = 404, description = "No such message.", body = Problem, content_type = "application/problem+json"),
    )
)]
#[delete("/v1/email-templates/{intent}")]
pub async fn reset_email_template(
    caller: Caller,
    state: web::Data<AppState>,
    intent: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let kind = caller.authorise_item(async { message(&intent) }).await?;
    let mut conn = state.conn().await?;
    client_mail::delete_template(&mut conn, caller.practice, kind.as_str()).await?;
    Ok(HttpResponse::Ok().json(current(&mut conn, &caller, kind).await?))
}

/// Preview a message.
///
/// The message rendered with example values (a client called Alex, a session two days from
/// now at 10:00 in the practice's zone, example links that open nothing): the saved wording,
/// or the draft sent (checked as a save would be, 422 naming the part).
#[utoipa::path(
    tag = "practice",
    operation_id = "preview_email_template",
    security(("bearer" = [])),
    request_body = EmailPreviewInput,
    params(("intent" = ClientMessage, Path, description = "The message")),
    responses(
        (status = 200, description = "As a client would read it.", body = EmailPreview),
        (status = 404, description = "No such message.", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/v1/email-templates/{intent}/preview")]
pub async fn preview_email_template(
    caller: Caller,
    state: web::Data<AppState>,
    intent: web::Path<String>,
    body: Json<EmailPreviewInput>,
) -> Result<HttpResponse, ApiError> {
    let kind = caller.authorise_item(async { message(&intent) }).await?;
    let mut conn = state.conn().await?;
    let saved = current(&mut conn, &caller, kind).await?;
    let draft = Template {
        subject: body.0.subject.unwrap_or(saved.subject),
        body: body.0.body.unwrap_or(saved.body),
    };
    checked(kind, &draft)?;
    let practice = practices::find(&mut conn, caller.practice).await?;
    let zone = practice.time_zone.tz();
    let now = state.settings.clock.now();
    let day = (now + Duration::days(2)).with_timezone(&zone).date_naive();
    let at = day
        .and_hms_opt(10, 0, 0)
        .and_then(|t| t.and_local_timezone(zone).earliest())
        .unwrap_or_else(|| now.with_timezone(&zone));
    let when = at.format("%a %-d %b at %H:%M").to_string();
    let base = state.settings.public_url.trim_end_matches('/');
    let values = Values::default()
        .set("client_given_name", "Alex")
        .set("practice_name", practice.name.as_str().to_owned())
        .set("when", when.clone())
        .set("service_name", "Sports massage (60 min)")
        .set("therapist_name", "Jordan")
        .set(
            "preparation",
            "\nBefore your session:\nWear loose clothing and bring your running shoes.\n",
        )
        .set("manage_link", format!("{base}/manage#example"))
        .set("other_sessions", "; your other sessions are unchanged")
        .set("intake_link", format!("{base}/intake#example"))
        .set("sessions", weekly_example(at))
        .set("link_expires", when);
    let rendered = render(&draft, &values);
    Ok(HttpResponse::Ok().json(EmailPreview {
        subject: rendered.subject,
        body: rendered.body,
    }))
}

/// Three weekly sessions from `first`, listed as a series' confirmation lists them.
fn weekly_example<Tz: chrono::TimeZone>(first: chrono::DateTime<Tz>) -> String
where
    Tz::Offset: std::fmt::Display,
{
    (0..3)
        .map(|week| {
            format!(
                "- {}",
                (first.clone() + Duration::weeks(week)).format("%a %-d %b at %H:%M")
            )
        })
        .collect::<Vec<_>>()
        .join("\n")
}
