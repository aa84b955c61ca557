//! Answers for requests no route took: 405 with `Allow` when the path is one the spec knows
//! under other methods, else 404. The table is built from the generated spec, so it cannot
//! drift from the routes.

use crate::error::ApiError;
use actix_web::dev::ResourceDef;
use actix_web::{HttpRequest, HttpResponse, ResponseError};
use std::sync::Arc;
use utoipa::openapi::OpenApi;

#[derive(Debug, Clone)]
pub struct MethodTable(Arc<Vec<(ResourceDef, Vec<&'static str>)>>);

impl MethodTable {
    pub fn from_spec(spec: &OpenApi) -> Self {
        let entries = spec
            .paths
            .paths
            .iter()
            .map(|(path, item)| {
                let mut methods = Vec::new();
                for (name, op) in [
                    ("GET", &item.get),
                    ("PUT", &item.put),
                    ("POST", &item.post),
                    ("DELETE", &item.delete),
                    ("PATCH", &item.patch),
                ] {
                    if op.is_some() {
                        methods.push(name);
                    }
                }
                if methods.contains(&"GET") {
                    methods.push("HEAD");
                }
                (ResourceDef::new(path.as_str()), methods)
            })
            .collect();
        Self(Arc::new(entries))
    }

    fn allowed(&self, path: &str) -> Option<String> {
        self.0
            .iter()
            .find(|(def, _)| def.is_match(path))
            .map(|(_, methods)| methods.join(", "))
    }

    /// The app's default service.
    pub async fn fallback(
        req: HttpRequest,
        table: actix_web::web::Data<MethodTable>,
    ) -> HttpResponse {
        match table.allowed(req.path()) {
            Some(allow) => ApiError::MethodNotAllowed { allow }.error_response(),
            None => ApiError::NotFound.error_response(),
        }
    }
}
