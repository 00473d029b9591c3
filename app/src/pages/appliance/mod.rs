//! Appliance pages.
pub mod access;
pub mod summary;
pub mod local_accounts;
pub mod monitoring;
pub mod shutdown;
pub mod time;
pub mod logging;
