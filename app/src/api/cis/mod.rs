//! `cis/*` server functions.
pub mod session;
pub mod tagging;
