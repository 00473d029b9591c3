//! `appliance/*` calls.
pub mod access;
pub mod health;
pub mod system;
pub mod local_accounts;
pub mod monitoring;
