//! `appliance/*` server functions.
pub mod access;
pub mod summary;
pub mod local_accounts;
pub mod monitoring;
pub mod shutdown;
pub mod time_zones;
pub mod time;
pub mod logging;
pub mod services;
pub mod networking;
pub mod storage;
pub mod update;
pub mod recovery;
