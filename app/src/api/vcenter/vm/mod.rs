//! `vcenter/vm/*` server functions.
pub mod guest;
pub mod hardware;
pub mod power;
