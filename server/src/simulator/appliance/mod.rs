//! `appliance/*` in the simulator.
pub mod access;
pub mod health;
pub mod system;
pub mod local_accounts;
pub mod monitoring;
pub mod shutdown;
pub mod ntp;
pub mod timesync;
pub mod logging;
pub mod services;
pub mod vmon;
pub mod networking;
pub mod storage;
pub mod update;
pub mod recovery;
