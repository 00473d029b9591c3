//! Code generated from the API data (`app/api/operations.json`), one test binary: the models
//! (`app/src/vsphere/models.rs`) and the client, one function per operation (`app/src/client/operations.rs`).
//! Each test fails when the committed file differs from what the API data gives; `make generate` rewrites them.

mod audit;
mod client;
mod coverage;
mod models;

/// `UPDATE_GENERATED=1` (or the older `UPDATE_MODELS=1`): write the files instead of comparing.
fn update_requested() -> bool {
    std::env::var_os("UPDATE_GENERATED").is_some() || std::env::var_os("UPDATE_MODELS").is_some()
}

/// The API data, parsed.
fn api() -> serde_json::Value {
    serde_json::from_str(&std::fs::read_to_string(models::API).unwrap()).unwrap()
}

/// Writes `code` to `out` when an update is requested; otherwise fails when the committed file differs.
fn fresh(out: &str, code: &str) {
    if update_requested() {
        std::fs::write(out, code).unwrap();
        return;
    }
    let committed = std::fs::read_to_string(out).unwrap_or_default();
    let file = out.strip_prefix(concat!(env!("CARGO_MANIFEST_DIR"), "/")).unwrap_or(out);
    assert!(committed == code, "app/{file} is stale: regenerate it with `make generate`");
}
