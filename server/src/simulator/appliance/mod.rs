//! `appliance/*` in the simulator.
pub mod health;
pub mod system;
