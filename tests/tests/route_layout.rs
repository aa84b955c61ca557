//! Routes never import one another: a resource's handlers read their own bodies and the
//! shared reference checks (`crate::references`), so a change to one resource cannot reach
//! into another through its handlers. Measured over the source text, with a control.

use std::path::{Path, PathBuf};

/// The resource a file of `crates/api/src/routes` belongs to: its folder, or its own name.
fn resource_of(relative: &Path) -> String {
    let first = relative
        .components()
        .next()
        .map(|c| c.as_os_str().to_string_lossy().into_owned());
    first.unwrap_or_default().trim_end_matches(".rs").to_owned()
}

/// Each `crate::routes::<other>` or `super::super::` a route file names, as
/// "file: line"; `routes/mod.rs` (the registration list) is exempt.
fn route_imports(files: &[(PathBuf, String)]) -> Vec<String> {
    let mut found = Vec::new();
    for (relative, source) in files {
        if relative == Path::new("mod.rs") {
            continue;
        }
        let own = resource_of(relative);
        for (number, line) in source.lines().enumerate() {
            let code = line.split("//").next().unwrap_or_default();
            let mut rest = code;
            while let Some(at) = rest.find("crate::routes::") {
                let after = &rest[at + "crate::routes::".len()..];
                let target: String = after.chars().take_while(|c| c.is_alphanumeric() || *c == '_').collect();
                if target != own {
                    found.push(format!("{}:{}: {}", relative.display(), number + 1, line.trim()));
                }
                rest = after;
            }
            // A top-level route file's `super::` is `routes`; a folder's `super::super::` is too.
            let top_level = relative.components().count() == 1;
            if code.contains("super::super::") || (top_level && code.contains("super::") && !code.contains("super::*"))
            {
                found.push(format!("{}:{}: {}", relative.display(), number + 1, line.trim()));
            }
        }
    }
    found
}

fn route_files() -> Vec<(PathBuf, String)> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../crates/api/src/routes");
    let mut files = Vec::new();
    let mut folders = vec![root.clone()];
    while let Some(folder) = folders.pop() {
        for entry in std::fs::read_dir(&folder).expect("routes folder") {
            let path = entry.expect("entry").path();
            if path.is_dir() {
                folders.push(path);
            } else if path.extension().is_some_and(|e| e == "rs") {
                let source = std::fs::read_to_string(&path).expect("read");
                files.push((path.strip_prefix(&root).expect("inside").to_path_buf(), source));
            }
        }
    }
    files
}

#[test]
fn no_route_imports_another() {
    let files = route_files();
    assert!(files.len() > 20, "the routes were found ({} files)", files.len());
    assert_eq!(route_imports(&files), Vec::<String>::new());
}

#[test]
fn route_import_check_fires() {
    let sample = |path: &str, source: &str| (PathBuf::from(path), source.to_owned());
    let files = [
        sample(
            "series/mod.rs",
            "use crate::routes::bookings::body::ensure_own;\nuse self::body::NewSeries;\n",
        ),
        sample(
            "series/preview.rs",
            "use super::body::NewSeries;\nuse super::super::clients::load;\n",
        ),
        sample(
            "reports.rs",
            "use super::clients::load;\n// crate::routes::notes in a comment is fine\n",
        ),
        sample("clients/mod.rs", "use crate::routes::clients::body::ClientView;\n"),
        sample(
            "mod.rs",
            "pub mod bookings;\nuse crate::routes::bookings::create_booking;\n",
        ),
    ];
    let found = route_imports(&files);
    assert_eq!(
        found,
        [
            "series/mod.rs:1: use crate::routes::bookings::body::ensure_own;",
            "series/preview.rs:2: use super::super::clients::load;",
            "reports.rs:1: use super::clients::load;",
        ]
    );
}
