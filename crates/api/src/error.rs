//! The API's one error type and its RFC 9457 `application/problem+json` rendering.
//! Internal errors are logged (inside the request's span, so with its request id) and
//! answered with a generic 500 that reveals nothing.

use actix_web::http::{StatusCode, header};
use actix_web::{HttpResponse, ResponseError};
use knead_persistence::{Constraint, StoreError};
use serde::Serialize;
use utoipa::ToSchema;

pub const PROBLEM_JSON: &str = "application/problem+json";

/// What a 503 asks the caller to wait before retrying.
pub const RETRY_AFTER_SECONDS: &str = "1";

/// An RFC 9457 problem details object.
#[derive(Debug, Clone, Serialize, serde::Deserialize, ToSchema)]
pub struct Problem {
    /// A stable URI reference naming the kind of problem, e.g. `/problems/validation`.
    #[serde(rename = "type")]
    pub kind: String,
    /// A short summary of the kind of problem.
    pub title: String,
    /// The HTTP status code.
    pub status: u16,
    /// What went wrong with this request.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub detail: Option<String>,
    /// One entry per bad field or parameter.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub errors: Vec<FieldError>,
    /// For a booking refused as a double booking: what stands in the way.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub conflicts: Vec<BookingClash>,
}

/// A booking that holds the time a request wanted.
#[derive(Debug, Clone, PartialEq, Serialize, serde::Deserialize, ToSchema)]
pub struct BookingClash {
    /// Whose time is taken: the therapist's (with buffers), the room's, or the client's own.
    #[schema(pattern = "^(therapist|room|client)$")]
    pub resource: String,
    /// The booking already there.
    pub booking_id: uuid::Uuid,
    pub starts_at: chrono::DateTime<chrono::Utc>,
    pub ends_at: chrono::DateTime<chrono::Utc>,
    /// For a series: the start of the wanted occurrence that collides.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub wanted_start: Option<chrono::DateTime<chrono::Utc>>,
    /// For a series: the occurrence's rule-given local start (its RECURRENCE-ID).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schema(value_type = Option<String>, pattern = r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}$")]
    pub recurrence_id: Option<chrono::NaiveDateTime>,
}

/// One bad input: a JSON pointer into the body, or the name of a path or query parameter.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, serde::Deserialize, ToSchema)]
pub struct FieldError {
    /// JSON pointer (RFC 6901) to the bad value in the request body, e.g. `/pain_areas/0/intensity`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub pointer: Option<String>,
    /// The bad path or query parameter, e.g. `id`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub parameter: Option<String>,
    pub message: String,
}

impl FieldError {
    pub fn body(pointer: impl Into<String>, message: impl Into<String>) -> Self {
        Self {
            pointer: Some(pointer.into()),
            parameter: None,
            message: message.into(),
        }
    }

    pub fn parameter(name: impl Into<String>, message: impl Into<String>) -> Self {
        Self {
            pointer: None,
            parameter: Some(name.into()),
            message: message.into(),
        }
    }
}

#[derive(Debug, thiserror::Error)]
pub enum ApiError {
    #[error("the request body is not valid JSON: {0}")]
    MalformedBody(String),
    #[error("invalid parameters")]
    BadParameters(Vec<FieldError>),
    #[error("validation failed")]
    Validation(Vec<FieldError>),
    #[error("{0}")]
    Unauthorized(&'static str),
    #[error("your role may not do this")]
    Forbidden,
    #[error("not found")]
    NotFound,
    #[error("{0}")]
    Gone(&'static str),
    #[error("method not allowed")]
    MethodNotAllowed { allow: String },
    #[error("{0}")]
    Conflict(String),
    #[error("{message}")]
    DoubleBooking {
        message: String,
        clashes: Vec<BookingClash>,
    },
    #[error("the record changed since you read it: fetch it again and retry with its new ETag")]
    PreconditionFailed,
    #[error("this update needs an If-Match header with the record's ETag")]
    PreconditionRequired,
    #[error("too many attempts; try again in {retry_after} seconds")]
    TooManyRequests { retry_after: u64 },
    #[error("the request body is larger than allowed")]
    PayloadTooLarge,
    #[error("the request body did not arrive in time")]
    RequestTimeout,
    #[error("the request body must be application/json")]
    UnsupportedMediaType,
    /// The database cannot be reached or cannot write now; the cause is logged, not shown.
    #[error("the database is not reachable; try again shortly")]
    Unavailable(String),
    #[error("the server is busy; try again shortly")]
    Busy,
    #[error("internal error: {0}")]
    Internal(String),
}

impl ApiError {
    pub fn internal(err: impl std::fmt::Display) -> Self {
        Self::Internal(err.to_string())
    }

    fn slug_and_title(&self) -> (&'static str, &'static str) {
        match self {
            Self::MalformedBody(_) => ("malformed-body", "Malformed request body"),
            Self::BadParameters(_) => ("invalid-parameters", "Invalid parameters"),
            Self::Validation(_) => ("validation", "Validation failed"),
            Self::Unauthorized(_) => ("unauthorized", "Authentication required"),
            Self::Forbidden => ("forbidden", "Forbidden"),
            Self::NotFound => ("not-found", "Not found"),
            Self::Gone(_) => ("gone", "Gone"),
            Self::MethodNotAllowed { .. } => ("method-not-allowed", "Method not allowed"),
            Self::Conflict(_) => ("conflict", "Conflict"),
            Self::DoubleBooking { .. } => ("double-booking", "Double booking"),
            Self::PreconditionFailed => ("precondition-failed", "Precondition failed"),
            Self::PreconditionRequired => ("precondition-required", "Precondition required"),
            Self::TooManyRequests { .. } => ("too-many-requests", "Too many requests"),
            Self::Busy => ("busy", "Service busy"),
            Self::PayloadTooLarge => ("payload-too-large", "Payload too large"),
            Self::RequestTimeout => ("request-timeout", "Request timeout"),
            Self::UnsupportedMediaType => ("unsupported-media-type", "Unsupported media type"),
            Self::Unavailable(_) => ("unavailable", "Service unavailable"),
            Self::Internal(_) => ("internal", "Internal server error"),
        }
    }

    pub fn problem(&self) -> Problem {
        let (slug, title) = self.slug_and_title();
        let detail = match self {
            Self::Internal(_) => "something went wrong on our side; it has been logged".to_owned(),
            other => other.to_string(),
        };
        let errors = match self {
            Self::BadParameters(errors) | Self::Validation(errors) => errors.clone(),
            _ => Vec::new(),
        };
        Problem {
            kind: format!("/problems/{slug}"),
            title: title.to_owned(),
            status: self.status_code().as_u16(),
            detail: Some(detail),
            errors,
            conflicts: match self {
                Self::DoubleBooking { clashes, .. } => clashes.clone(),
                _ => Vec::new(),
            },
        }
    }
}

impl ResponseError for ApiError {
    fn status_code(&self) -> StatusCode {
        match self {
            Self::MalformedBody(_) | Self::BadParameters(_) => StatusCode::BAD_REQUEST,
            Self::Validation(_) => StatusCode::UNPROCESSABLE_ENTITY,
            Self::Unauthorized(_) => StatusCode::UNAUTHORIZED,
            Self::Forbidden => StatusCode::FORBIDDEN,
            Self::NotFound => StatusCode::NOT_FOUND,
            Self::Gone(_) => StatusCode::GONE,
            Self::MethodNotAllowed { .. } => StatusCode::METHOD_NOT_ALLOWED,
            Self::Conflict(_) | Self::DoubleBooking { .. } => StatusCode::CONFLICT,
            Self::PreconditionFailed => StatusCode::PRECONDITION_FAILED,
            Self::PreconditionRequired => StatusCode::PRECONDITION_REQUIRED,
            Self::TooManyRequests { .. } => StatusCode::TOO_MANY_REQUESTS,
            Self::Busy => StatusCode::SERVICE_UNAVAILABLE,
            Self::PayloadTooLarge => StatusCode::PAYLOAD_TOO_LARGE,
            Self::RequestTimeout => StatusCode::REQUEST_TIMEOUT,
            Self::UnsupportedMediaType => StatusCode::UNSUPPORTED_MEDIA_TYPE,
            Self::Unavailable(_) => StatusCode::SERVICE_UNAVAILABLE,
            Self::Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    fn error_response(&self) -> HttpResponse {
        match self {
            Self::Internal(cause) => tracing::error!(%cause, "internal error"),
            Self::Unavailable(cause) => tracing::error!(%cause, "database unavailable"),
            _ => {}
        }
        let mut response = HttpResponse::build(self.status_code());
        response.content_type(PROBLEM_JSON);
        match self {
            Self::MethodNotAllowed { allow } => {
                response.insert_header((header::ALLOW, allow.as_str()));
            }
            Self::Unauthorized(_) => {
                response.insert_header((header::WWW_AUTHENTICATE, "Bearer"));
            }
            Self::TooManyRequests { retry_after } => {
                response.insert_header((header::RETRY_AFTER, retry_after.to_string()));
            }
            Self::Busy | Self::Unavailable(_) => {
                response.insert_header((header::RETRY_AFTER, RETRY_AFTER_SECONDS));
            }
            _ => {}
        }
        response.json(self.problem())
    }
}

impl From<crate::auth::passwords::PasswordError> for ApiError {
    fn from(err: crate::auth::passwords::PasswordError) -> Self {
        match err {
            crate::auth::passwords::PasswordError::Busy => Self::Busy,
            other => Self::internal(other),
        }
    }
}

impl ApiError {
    /// A 422 for one bad body field.
    pub fn invalid(pointer: &str, message: impl Into<String>) -> Self {
        Self::Validation(vec![FieldError::body(pointer, message)])
    }
}

impl From<StoreError> for ApiError {
    fn from(err: StoreError) -> Self {
        match err {
            StoreError::NotFound => Self::NotFound,
            StoreError::Stale => Self::PreconditionFailed,
            StoreError::Conflict { constraint } => Self::Conflict(conflict_message(&constraint)),
            StoreError::Unavailable(cause) => Self::Unavailable(cause),
            other => Self::internal(other),
        }
    }
}

/// The user-facing words for each unique or exclusion constraint.
fn conflict_message(constraint: &Constraint) -> String {
    match constraint {
        Constraint::ServiceName => "a service with this name already exists".into(),
        Constraint::RoomName => "a room with this name already exists".into(),
        Constraint::PracticeSlug => "a practice with this slug already exists".into(),
        Constraint::NoteSigned => "a signed note never changes: add an amendment instead".into(),
        Constraint::NoteDraft => "a draft is edited, not amended: sign it first".into(),
        Constraint::StaffEmail => "a staff member with this email already exists in the practice".into(),
        Constraint::LastOwner => "a practice needs at least one active owner".into(),
        other => format!("conflicts with an existing record ({other})"),
    }
}

/// Collects every bad field of a body, so one 422 names them all.
#[derive(Debug, Default)]
pub struct FieldErrors(Vec<FieldError>);

impl FieldErrors {
    /// Keeps the value, or records why it was refused.
    pub fn check<T>(&mut self, pointer: &str, result: Result<T, knead_domain::Invalid>) -> Option<T> {
        result.map_err(|e| self.0.push(FieldError::body(pointer, e.0))).ok()
    }

    /// Records a refusal that no parser made.
    pub fn push(&mut self, pointer: &str, message: impl Into<String>) {
        self.0.push(FieldError::body(pointer, message.into()));
    }

    /// 422 if anything was refused.
    pub fn finish(self) -> Result<(), ApiError> {
        if self.0.is_empty() {
            Ok(())
        } else {
            Err(ApiError::Validation(self.0))
        }
    }
}
