//! `vcenter/*` server functions.
pub mod inventory;
pub mod storage;
pub mod vm;
