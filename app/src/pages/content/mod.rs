//! Content libraries: the libraries and their items.
pub mod deploy;
pub mod item;
pub mod library;
