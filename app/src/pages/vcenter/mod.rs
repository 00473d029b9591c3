//! `vcenter/*` pages and the parts of pages they share.
pub mod storage;
pub mod vm;
