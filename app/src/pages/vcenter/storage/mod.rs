//! `vcenter/storage/*` pages.
pub mod policies;
