//! `cis/*` in the simulator.
pub mod session;
pub mod tagging;
