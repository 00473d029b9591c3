//! `appliance/*` server functions.
pub mod summary;
