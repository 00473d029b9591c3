//! `appliance/*` in the simulator.
pub mod access;
pub mod health;
pub mod system;
