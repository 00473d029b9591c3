//! `vcenter/*` server functions.
pub mod inventory;
