//! `cis/*` calls.
pub mod session;
