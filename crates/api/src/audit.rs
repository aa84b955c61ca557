//! Auditing by construction: every call of an operation tagged `x-clinical` in the spec
//! appends an event to the practice's hash chain after the handler has answered — in its own
//! transaction, so denied and failed calls are recorded too. If the event cannot be written,
//! the answer is withheld (500): clinical data is never served unaudited.

use crate::auth::Caller;
use crate::error::ApiError;
use crate::middleware::RequestId;
use crate::operations::Operations;
use crate::state::AppState;
use actix_web::body::{BoxBody, MessageBody};
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::middleware::Next;
use actix_web::{Error, HttpMessage, HttpRequest, ResponseError, web};
use knead_persistence::audit::{self, NewEvent};
use std::net::IpAddr;
use uuid::Uuid;

/// What a handler can tell the audit log beyond the path: the resource and the client it
/// concerns.
#[derive(Debug, Clone, Default)]
pub struct AuditTarget {
    pub resource_id: Option<Uuid>,
    pub client_id: Option<Uuid>,
}

impl AuditTarget {
    /// A call about one client (the resource is the client, or named later).
    pub fn client(client_id: Uuid, resource_id: Option<Uuid>) -> Self {
        Self {
            resource_id,
            client_id: Some(client_id),
        }
    }
}

/// Who acted when no staff member did: a client using a one-time intake link, which a staff
/// member created (recorded too, so a link's use is traceable to whoever handed it out).
#[derive(Debug, Clone, Copy)]
pub struct LinkActor {
    pub practice: knead_domain::PracticeId,
    pub link_id: Uuid,
    pub creator: knead_domain::StaffId,
}

/// The actor role of an API key's calls (the actor id is the key's).
pub const API_KEY_ACTOR: &str = "api_key";

/// Records `target` for the audit middleware.
pub fn note(req: &HttpRequest, target: AuditTarget) {
    req.extensions_mut().insert(target);
}

/// The client's address: the peer, or, behind a configured trusted proxy, the last address
/// that proxy appended to `X-Forwarded-For`.
pub fn client_ip(req: &HttpRequest, trusted_proxies: &[IpAddr]) -> Option<IpAddr> {
    let peer = req.peer_addr()?.ip();
    if !trusted_proxies.contains(&peer) {
        return Some(peer);
    }
    req.headers()
        .get("x-forwarded-for")
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.rsplit(',').next())
        .and_then(|last| last.trim().parse().ok())
        .or(Some(peer))
}

fn outcome(status: u16) -> &'static str {
    match status {
        200..=399 => "success",
        401 | 403 => "denied",
        404 => "not_found",
        _ => "failed",
    }
}

pub async fn audit_clinical(
    req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<BoxBody>, Error> {
    let response = next.call(req).await?;
    let request = response.request().clone();
    let clinical = request
        .app_data::<web::Data<Operations>>()
        .and_then(|ops| ops.of_request(&request))
        .filter(|op| op.clinical)
        .cloned();
    let Some(op) = clinical else {
        return Ok(response.map_into_boxed_body());
    };
    let Some(state) = request.app_data::<web::Data<AppState>>() else {
        return Ok(response.map_into_boxed_body());
    };
    let caller = request.extensions().get::<Caller>().copied();
    let link = request.extensions().get::<LinkActor>().copied();
    let (practice, actor_id, actor_role, link_creator_id) = match (caller, link) {
        // A key is its own actor, never its creator.
        (
            Some(Caller {
                api_key: Some(key),
                practice,
                ..
            }),
            _,
        ) => (practice, Some(key.id), Some(API_KEY_ACTOR.to_owned()), None),
        (Some(c), _) => (c.practice, Some(c.staff.0), Some(c.role.as_str().to_owned()), None),
        (None, Some(l)) => (
            l.practice,
            Some(l.link_id),
            Some("client_link".to_owned()),
            Some(l.creator.0),
        ),
        (None, None) => {
            tracing::warn!(operation = %op.operation_id, status = response.status().as_u16(), "clinical operation refused before authentication");
            return Ok(response.map_into_boxed_body());
        }
    };
    let target = request.extensions().get::<AuditTarget>().cloned().unwrap_or_default();
    let path_id = request.match_info().get("id").and_then(|id| Uuid::try_parse(id).ok());
    let event = NewEvent {
        practice_id: practice,
        actor_id,
        actor_role,
        action: op.operation_id.clone(),
        resource_type: op.tag.clone(),
        resource_id: target.resource_id.or(path_id),
        client_id: target.client_id,
        request_id: request
            .extensions()
            .get::<RequestId>()
            .map(|r| r.0.clone())
            .unwrap_or_default(),
        ip: client_ip(&request, &state.settings.trusted_proxies).map(|ip| ip.to_string()),
        outcome: outcome(response.status().as_u16()).to_owned(),
        status: i32::from(response.status().as_u16()),
        link_creator_id,
    };
    let written = match knead_persistence::checkout(&state.pool).await {
        Ok(mut conn) => audit::append(&mut conn, event, state.settings.clock.now())
            .await
            .map(|_| ()),
        Err(err) => Err(err),
    };
    match written {
        Ok(()) => Ok(response.map_into_boxed_body()),
        Err(err) => {
            let refused = match err {
                knead_persistence::StoreError::Unavailable(cause) => {
                    ApiError::Unavailable(format!("audit event not written: {cause}"))
                }
                other => ApiError::internal(format!("audit event not written: {other}")),
            };
            Ok(ServiceResponse::new(request, refused.error_response()))
        }
    }
}
