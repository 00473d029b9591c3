//! `cis/*` calls.
pub mod session;
pub mod tagging;
