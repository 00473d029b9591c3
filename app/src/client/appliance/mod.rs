//! `appliance/*` calls.
pub mod access;
pub mod health;
pub mod system;
