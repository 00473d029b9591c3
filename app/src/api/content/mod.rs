//! `content/*` server functions (libraries, items, settings) and the streamed file transfers.
pub mod library;
pub mod transfer;
