//! Tables and the small things in their cells: a styled table with a caption, tag chips, empty states.

use leptos::prelude::*;

/// The class of every data table. Its cells, headings and rows are styled once in `style/tailwind.css`
/// (`.data-table`), not by classes on each cell: a 2,000-row list has 14,000 cells.
pub const DATA_TABLE: &str = "data-table min-w-full bg-white dark:bg-slate-900";

/// A table with a (screen-reader) caption and column headings; rows are the children.
#[component]
pub fn Table(#[prop(into)] caption: String, headings: Vec<&'static str>, #[prop(into, optional)] test_id: String, children: Children) -> impl IntoView {
    view! {
        <div class="overflow-x-auto rounded-lg border border-slate-200 dark:border-slate-800">
            <table class=DATA_TABLE data-testid=test_id>
                <caption class="sr-only">{caption}</caption>
                <thead class="bg-slate-50 dark:bg-slate-800/60">
                    <tr>{headings.into_iter().map(|h| view! { <th scope="col">{h}</th> }).collect_view()}</tr>
                </thead>
                <tbody>{children()}</tbody>
            </table>
        </div>
    }
}

/// A tag as a chip: `Category: tag`. Names are text, never markup.
#[component]
pub fn TagChip(#[prop(into)] name: String, #[prop(into, optional)] category: String) -> impl IntoView {
    view! {
        <span class="inline-flex items-center gap-1 rounded-full bg-sky-50 px-2 py-0.5 text-xs font-medium text-sky-900 ring-1 ring-inset ring-sky-600/20 dark:bg-sky-900/40 dark:text-sky-100" data-testid="tag-chip">
            <span aria-hidden="true">"#"</span>
            {(!category.is_empty()).then(|| view! { <span class="text-sky-800 dark:text-sky-200">{category}": "</span> })}
            {name}
        </span>
    }
}

/// Shown where a list has nothing in it.
#[component]
pub fn Empty(#[prop(into)] text: String) -> impl IntoView {
    view! { <p class="rounded-lg border border-dashed border-slate-300 p-4 text-sm text-slate-600 dark:border-slate-700 dark:text-slate-400" data-testid="empty">{text}</p> }
}
