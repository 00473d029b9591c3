//! `vcenter/vm/*` server functions.
pub mod guest;
pub mod power;
