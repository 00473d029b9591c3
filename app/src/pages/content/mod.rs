//! Content libraries: the libraries and their items.
pub mod item;
pub mod library;
