//! `vcenter/*` server functions.
pub mod inventory;
pub mod vm;
