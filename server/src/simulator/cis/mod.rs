//! `cis/*` in the simulator.
pub mod session;
