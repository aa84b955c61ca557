//! Drift checks: the committed spec and `schema.rs` must match what the code and the
//! migrations produce.

use knead_tests::{TestDb, workspace_root};

#[test]
fn committed_spec_matches_the_code() {
    let path = workspace_root().join("openapi/openapi.json");
    let committed = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        committed == knead_api::openapi_json(),
        "openapi/openapi.json is stale: run `cargo run -p knead-api --bin knead -- openapi` and commit it"
    );
}

/// `diesel print-schema` against a freshly migrated database must reproduce `schema.rs`.
#[actix_rt::test]
async fn schema_rs_matches_the_migrations() {
    let db = TestDb::create().await;
    let out = std::process::Command::new("diesel")
        .args(["print-schema", "--database-url", &db.url])
        .current_dir(workspace_root())
        .output()
        .expect("the diesel CLI is installed (scripts/test installs it)");
    assert!(
        out.status.success(),
        "diesel print-schema failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let path = workspace_root().join("crates/persistence/src/schema.rs");
    let committed = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        committed == String::from_utf8_lossy(&out.stdout),
        "crates/persistence/src/schema.rs differs from the migrations: run `diesel print-schema > crates/persistence/src/schema.rs` against a migrated database"
    );
}
