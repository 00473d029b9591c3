//! `vcenter/*` pages and the parts of pages they share.
pub mod services;
pub mod storage;
pub mod system_config;
pub mod vm;
