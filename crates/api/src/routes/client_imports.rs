//! Client import for practices leaving another product (owners): a CSV file (`text/csv`, at
//! most 1 MiB and 2,000 rows) with a header row. Without `commit` the answer is a preview:
//! which column fills which field, each row's errors, and the rows that duplicate a client the
//! practice has (or an earlier row). With `commit=true` every new row is imported in one
//! transaction — none if any row has an error — and duplicates are skipped, so committing the
//! same file twice imports each person once.

use crate::auth::Caller;
use crate::concurrency::{Created, idempotent_create};
use crate::error::{ApiError, FieldError, Problem};
use crate::extract::CSV_LIMIT;
use crate::state::AppState;
use actix_web::{HttpMessage, HttpRequest, HttpResponse, post, web};
use knead_domain::client_import::{Field, ImportedClient, MAX_ROWS, Mapping, Original, duplicates, read_row};
use knead_domain::{ClientId, PracticeId};
use knead_persistence::clients::ClientDetails;
use knead_persistence::{Connection, client_imports, practices};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use uuid::Uuid;

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct ImportQuery {
    /// Import the rows (default: only preview them).
    pub commit: Option<bool>,
}

/// Which column fills a field.
#[derive(Debug, Serialize, ToSchema)]
pub struct ColumnView {
    pub field: Field,
    /// The header as written in the file.
    pub header: String,
}

/// A row's problem; rows count from 1 after the header row.
#[derive(Debug, Serialize, ToSchema)]
pub struct RowError {
    pub row: usize,
    pub field: Field,
    pub message: String,
}

/// A row that is someone already there.
#[derive(Debug, Serialize, ToSchema)]
pub struct RowDuplicate {
    pub row: usize,
    /// The practice's client it matches (by email, else name and date of birth)…
    pub client_id: Option<Uuid>,
    /// …or the earlier row of this file.
    pub same_as_row: Option<usize>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct ImportPreview {
    pub rows: usize,
    pub columns: Vec<ColumnView>,
    /// Headers that fill nothing (left out of the import).
    pub ignored_columns: Vec<String>,
    pub errors: Vec<RowError>,
    pub duplicates: Vec<RowDuplicate>,
    /// Rows that would become new clients.
    pub importable: usize,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct ImportResult {
    pub imported: usize,
    pub skipped_duplicates: usize,
    pub client_ids: Vec<Uuid>,
}

/// The file read and checked, and what each good row will be.
struct Checked {
    preview: ImportPreview,
    new: Vec<ImportedClient>,
}

fn check(
    body: &[u8],
    existing: &[(ClientId, knead_domain::client_import::Identity)],
    today: chrono::NaiveDate,
) -> Result<Checked, ApiError> {
    let bad_file = |why: String| ApiError::Validation(vec![FieldError::body("", why)]);
    let mut reader = csv::ReaderBuilder::new()
        .flexible(true)
        .trim(csv::Trim::All)
        .from_reader(body);
    let headers: Vec<String> = reader
        .headers()
        .map_err(|e| bad_file(format!("the header row cannot be read: {e}")))?
        .iter()
        .map(str::to_owned)
        .collect();
    let mapping = Mapping::from_headers(&headers).map_err(|e| bad_file(e.0))?;
    let mut errors = Vec::new();
    let mut good: Vec<(usize, ImportedClient)> = Vec::new();
    let mut rows = 0;
    for (i, record) in reader.records().enumerate() {
        let row = i + 1;
        rows = row;
        if row > MAX_ROWS {
            return Err(bad_file(format!("at most {MAX_ROWS} rows in one file")));
        }
        let record: Vec<String> = record
            .map_err(|e| bad_file(format!("row {row} cannot be read: {e}")))?
            .iter()
            .map(str::to_owned)
            .collect();
        match read_row(&mapping, &record, today) {
            Ok(client) => good.push((row, client)),
            Err((field, why)) => errors.push(RowError {
                row,
                field,
                message: why.0,
            }),
        }
    }
    let identities: Vec<(usize, _)> = good.iter().map(|(row, c)| (*row, c.identity())).collect();
    let found = duplicates(existing, &identities);
    let duplicate_rows: Vec<usize> = found.iter().map(|(row, _)| *row).collect();
    let new: Vec<ImportedClient> = good
        .into_iter()
        .filter(|(row, _)| !duplicate_rows.contains(row))
        .map(|(_, c)| c)
        .collect();
    let preview = ImportPreview {
        rows,
        columns: mapping
            .columns
            .iter()
            .map(|(field, i)| ColumnView {
                field: *field,
                header: headers[*i].clone(),
            })
            .collect(),
        ignored_columns: mapping.ignored.clone(),
        errors,
        duplicates: found
            .into_iter()
            .map(|(row, original)| match original {
                Original::Client(c) => RowDuplicate {
                    row,
                    client_id: Some(c.0),
                    same_as_row: None,
                },
                Original::Row(first) => RowDuplicate {
                    row,
                    client_id: None,
                    same_as_row: Some(first),
                },
            })
            .collect(),
        importable: new.len(),
    };
    Ok(Checked { preview, new })
}

async fn read(
    conn: &mut Connection,
    practice: PracticeId,
    body: &[u8],
    now: chrono::DateTime<chrono::Utc>,
) -> Result<Checked, ApiError> {
    let zone = practices::find(conn, practice).await?.time_zone.tz();
    let existing = client_imports::identities(conn, practice).await?;
    check(body, &existing, now.with_timezone(&zone).date_naive())
}

fn details(c: ImportedClient) -> ClientDetails {
    ClientDetails {
        given_name: c.given_name,
        family_name: c.family_name,
        date_of_birth: c.date_of_birth,
        email: c.email,
        phone: c.phone,
        emergency_contact_name: None,
        emergency_contact_phone: None,
        preferred_therapist_id: None,
        pressure_preference: None,
        areas_to_avoid: Vec::new(),
        notes: c.notes,
        runner_profile: None,
    }
}

/// Preview or import clients from a CSV export.
///
/// For a practice leaving another product: a CSV file (`text/csv`, at most 1 MiB and 2,000
/// rows) whose header row names the columns (`name` or `first name` + `last name`, `email`,
/// `phone`, `date of birth`, `notes`; others are ignored and listed).
///
/// Without `commit` the answer (200) is a preview: which column fills which field, each row's
/// errors, and the rows that duplicate a client of the practice (by email, else name and date
/// of birth) or an earlier row. With `commit=true` every new row is imported in one
/// transaction (201), none when any row has an error (422 with the rows' errors), and
/// duplicates are skipped, so a file committed twice imports each person once. Honours
/// `Idempotency-Key` on commit.
#[utoipa::path(
    tag = "clients",
    operation_id = "import_clients",
    security(("bearer" = [])),
    params(ImportQuery, ("Idempotency-Key" = Option<String>, Header, description = "Makes retries safe: the same key and body return the first answer", pattern = "^[!-~]{1,255}$")),
    request_body(content = String, content_type = "text/csv", description = "A header row, then one client per row (at most 2,000 rows, 1 MiB)", example = "first name,last name,email,phone,date of birth\nAlex,Rivera,alex@example.com,+1 303 555 0100,1990-04-23\n"),
    responses(
        (status = 200, description = "The preview.", body = ImportPreview),
        (status = 201, description = "Imported.", body = ImportResult, headers(("Location" = String))),
        (status = 413, description = "Larger than 1 MiB.", body = Problem, content_type = "application/problem+json"),
        (status = 415, description = "Not text/csv.", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "The file cannot be read, names no client column, or (on commit) a row has an error.", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/v1/client-imports")]
pub async fn import_clients(
    req: HttpRequest,
    caller: Caller,
    state: web::Data<AppState>,
    query: web::Query<ImportQuery>,
    body: web::Bytes,
) -> Result<HttpResponse, ApiError> {
    caller.authorise()?;
    if req
        .mime_type()
        .ok()
        .flatten()
        .is_none_or(|m| m.essence_str() != "text/csv")
    {
        return Err(ApiError::UnsupportedMediaType);
    }
    if body.len() > CSV_LIMIT {
        return Err(ApiError::PayloadTooLarge);
    }
    // A malformed key is refused naming it even on a preview, which stores no answer.
    crate::concurrency::key_of(&req)?;
    let now = state.settings.clock.now();
    if query.commit != Some(true) {
        let mut conn = state.conn().await?;
        let checked = read(&mut conn, caller.practice, &body, now).await?;
        return Ok(HttpResponse::Ok().json(checked.preview));
    }
    idempotent_create(&req, &state, &caller, "import_clients", &body, async |conn| {
        let checked = read(conn, caller.practice, &body, now).await?;
        if !checked.preview.errors.is_empty() {
            let fields = checked
                .preview
                .errors
                .iter()
                .map(|e| FieldError::body(format!("/rows/{}/{}", e.row, field_name(e.field)), e.message.clone()))
                .collect();
            return Err(ApiError::Validation(fields));
        }
        let skipped = checked.preview.duplicates.len();
        let all = checked.new.into_iter().map(details).collect();
        let ids = client_imports::insert_all(conn, caller.practice, all, now).await?;
        let result = ImportResult {
            imported: ids.len(),
            skipped_duplicates: skipped,
            client_ids: ids.into_iter().map(|c| c.0).collect(),
        };
        Created::new(&result, "/v1/clients".to_owned(), None)
    })
    .await
}

fn field_name(field: Field) -> String {
    serde_json::to_value(field)
        .ok()
        .and_then(|v| v.as_str().map(str::to_owned))
        .unwrap_or_default()
}
