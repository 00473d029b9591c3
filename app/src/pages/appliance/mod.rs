//! Appliance pages.
pub mod access;
pub mod summary;
