//! `vcenter/storage/*` server functions.
pub mod policies;
