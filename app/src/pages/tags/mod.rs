//! Tags pages (`cis/tagging`): categories, a category, tags, a tag.
pub mod categories;
pub mod category;
pub mod tag;
pub mod tags;
