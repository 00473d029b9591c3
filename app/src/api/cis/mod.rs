//! `cis/*` server functions.
pub mod session;
