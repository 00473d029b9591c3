//! `vcenter/*` server functions.
pub mod inventory;
pub mod iso;
pub mod ovf;
pub mod storage;
pub mod vm;
pub mod vm_template;
