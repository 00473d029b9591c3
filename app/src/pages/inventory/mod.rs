//! VMs & Inventory pages (`vcenter/*` lists and gets): a list per kind, and one object with its tags.
pub mod list;
pub mod object;
