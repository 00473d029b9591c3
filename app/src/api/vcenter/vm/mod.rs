//! `vcenter/vm/*` server functions.
pub mod power;
