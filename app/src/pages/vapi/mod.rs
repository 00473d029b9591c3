//! `vapi/*` pages: the API explorer.
pub mod coverage;
pub mod metadata;
