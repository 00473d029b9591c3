//! `vcenter/*` pages and the parts of pages they share.
pub mod datacenter;
pub mod deployment;
pub mod guest;
pub mod host;
pub mod services;
pub mod storage;
pub mod system_config;
pub mod vm;
