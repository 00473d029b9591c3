//! `vapi/*` pages: the API explorer.
pub mod metadata;
