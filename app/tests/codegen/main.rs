//! Code generated from the API data (`app/api/operations.json`), one test binary: the models
//! (`app/src/vsphere/models.rs`) and the client, one function per operation (`app/src/client/operations.rs`).
//! Each test fails when the committed file differs from what the API data gives; `make generate` rewrites them.

mod client;
mod models;

/// `UPDATE_GENERATED=1` (or the older `UPDATE_MODELS=1`): write the files instead of comparing.
fn update_requested() -> bool {
    std::env::var_os("UPDATE_GENERATED").is_some() || std::env::var_os("UPDATE_MODELS").is_some()
}
