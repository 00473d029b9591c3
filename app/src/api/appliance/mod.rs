//! `appliance/*` server functions.
pub mod access;
pub mod summary;
