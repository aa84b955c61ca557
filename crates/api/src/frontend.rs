//! Serving the built web frontend (`frontend/dist`) at `/` beside the API, so one URL gives
//! both. Files are served as they are; any other GET outside the API's own prefixes answers
//! `index.html`, so the frontend's client-side routes survive a reload. Hashed assets are
//! cached for a year; `index.html` is revalidated on every load so a new build shows at once.
//! Every answer carries the app's Content-Security-Policy.

use actix_files::NamedFile;
use actix_web::http::header::{CACHE_CONTROL, CONTENT_SECURITY_POLICY, HeaderValue};
use actix_web::{HttpRequest, HttpResponse, http::Method};
use std::path::{Path, PathBuf};

/// The web app's policy: everything from this origin, nothing inline (the build emits only
/// files: one module script and one stylesheet), no plugins, no `<base>` elsewhere, never
/// framed. Images may also be `data:` URLs: the two-factor enrolment's QR code is an SVG the
/// API draws (an image cannot run script). The app calls the API on the same origin; a build pointed at another API origin
/// (`VITE_API_BASE_URL`) is served from elsewhere, not from here.
const APP_POLICY: &str = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; \
     object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'";

/// Paths that belong to the API: never answered with the frontend.
const API_PREFIXES: &[&str] = &["/v1", "/docs", "/openapi.json", "/healthz", "/readyz", "/metrics"];

/// The folder holding a built frontend, when it has an `index.html`.
#[derive(Debug, Clone)]
pub struct Frontend {
    root: PathBuf,
}

impl Frontend {
    /// `None` when the folder has no `index.html` (the frontend was not built).
    pub fn at(root: &Path) -> Option<Self> {
        root.join("index.html")
            .is_file()
            .then(|| Self { root: root.to_owned() })
    }

    /// The answer for a request the API did not route, or `None` when it is not the frontend's.
    pub async fn serve(&self, req: &HttpRequest) -> Option<HttpResponse> {
        if !matches!(*req.method(), Method::GET | Method::HEAD) || is_api_path(req.path()) {
            return None;
        }
        let (file, immutable) = match self.file_for(req.path()) {
            Some(path) => (path, req.path().starts_with("/assets/")),
            None => (self.root.join("index.html"), false),
        };
        let named = NamedFile::open_async(&file).await.ok()?;
        let mut response = named.use_etag(true).use_last_modified(true).into_response(req);
        let cache = if immutable {
            "public, max-age=31536000, immutable"
        } else {
            "no-cache"
        };
        let headers = response.headers_mut();
        headers.insert(CACHE_CONTROL, HeaderValue::from_static(cache));
        headers.insert(CONTENT_SECURITY_POLICY, HeaderValue::from_static(APP_POLICY));
        Some(response)
    }

    /// The file a URL path names inside the root, refusing anything that could leave it.
    fn file_for(&self, url_path: &str) -> Option<PathBuf> {
        let mut path = self.root.clone();
        for segment in url_path.split('/').filter(|s| !s.is_empty()) {
            let safe = !segment.starts_with('.') && !segment.contains(['\\', '%', ':', '\0']);
            if !safe {
                return None;
            }
            path.push(segment);
        }
        (path != self.root && path.is_file()).then_some(path)
    }
}

fn is_api_path(path: &str) -> bool {
    API_PREFIXES
        .iter()
        .any(|prefix| path == *prefix || path.strip_prefix(prefix).is_some_and(|rest| rest.starts_with('/')))
}

#[cfg(test)]
mod tests {
    use super::is_api_path;

    #[test]
    fn api_prefixes_are_whole_segments() {
        assert!(is_api_path("/v1/clients"));
        assert!(is_api_path("/v1"));
        assert!(is_api_path("/docs/"));
        assert!(is_api_path("/healthz"));
        assert!(!is_api_path("/v1clients"));
        assert!(!is_api_path("/clients/123"));
        assert!(!is_api_path("/"));
    }
}
