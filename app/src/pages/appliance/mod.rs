//! Appliance pages.
pub mod summary;
