//! `vapi/*`: the vAPI endpoint's own services — its metadata ([`metadata`]).
pub mod metadata;
