//! `vcenter/*` server functions.
pub mod datacenter;
pub mod deployment;
pub mod guest;
pub mod host;
pub mod inventory;
pub mod iso;
pub mod ovf;
pub mod services;
pub mod storage;
pub mod system_config;
pub mod vm;
pub mod vm_template;
