//! `appliance/*` calls.
pub mod access;
pub mod health;
pub mod monitoring;
pub mod services;
pub mod vmon;
