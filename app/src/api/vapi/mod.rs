//! `vapi/*` server functions: the API explorer over vCenter's metadata.
pub mod metadata;
