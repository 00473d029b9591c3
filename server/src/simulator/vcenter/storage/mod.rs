//! `vcenter/storage/*`: storage policies ([`policies`]).
pub mod policies;
