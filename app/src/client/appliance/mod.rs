//! `appliance/*` calls.
pub mod health;
pub mod system;
