//! `appliance/*` server functions.
pub mod access;
pub mod summary;
pub mod local_accounts;
pub mod monitoring;
