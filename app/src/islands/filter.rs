//! Filter as you type. The server renders the filtered list for `?q=` (a GET form, which works without
//! JavaScript); this island hides and shows the same rows as the user types. Each row carries its searchable
//! text in `data-filter` ([`haystack`]) and both sides decide with [`filter_matches`].

use crate::components::form::{INPUT, LABEL};
use leptos::prelude::*;

/// The text a row is found by: its fields, one per line, in lower case.
pub fn haystack<'a>(fields: impl IntoIterator<Item = &'a str>) -> String {
    fields.into_iter().map(str::to_lowercase).collect::<Vec<_>>().join("\n")
}

/// Whether a row with this [`haystack`] shows for the filter text (any field contains it, in any case).
pub fn filter_matches(haystack: &str, filter: &str) -> bool {
    let f = filter.trim().to_lowercase();
    f.is_empty() || haystack.contains(&f)
}

/// "8 of 131 metrics" from a template with `{n}` and `{total}`.
pub fn count_text(template: &str, shown: usize, total: usize) -> String {
    template.replace("{n}", &shown.to_string()).replace("{total}", &total.to_string())
}

/// The filter's text field. Typing hides the `[data-filter]` elements under the element `scope` whose text does
/// not match, and rewrites the `[data-filter-count]` element there from its `data-template`.
#[island]
pub fn FilterInput(
    #[prop(into)] id: String,
    #[prop(into)] name: String,
    #[prop(into)] label: String,
    #[prop(into)] placeholder: String,
    #[prop(into)] initial: String,
    #[prop(into)] scope: String,
) -> impl IntoView {
    let on_input = move |ev: leptos::ev::Event| {
        #[cfg(feature = "hydrate")]
        apply(&scope, &event_target_value(&ev));
        #[cfg(not(feature = "hydrate"))]
        let _ = (&ev, &scope);
    };
    view! {
        <label for=id.clone() class=LABEL>{label}</label>
        <input id=id name=name type="search" class=INPUT placeholder=placeholder value=initial on:input=on_input/>
    }
}

#[cfg(feature = "hydrate")]
fn apply(scope: &str, text: &str) {
    let Some(root) = super::element(scope) else { return };
    let rows = super::select_all(&root, "[data-filter]");
    let mut shown = 0;
    for row in &rows {
        let visible = filter_matches(&row.get_attribute("data-filter").unwrap_or_default(), text);
        let _ = row.toggle_attribute_with_force("hidden", !visible);
        if visible {
            shown += 1;
        }
    }
    for count in super::select_all(&root, "[data-filter-count]") {
        let total = count.get_attribute("data-total").and_then(|t| t.parse().ok()).unwrap_or(rows.len());
        let template = count.get_attribute("data-template").unwrap_or_else(|| "{n} of {total}".into());
        count.set_text_content(Some(&count_text(&template, shown, total)));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn any_field_matches_in_any_case_but_not_across_fields() {
        let h = haystack(["Ethernet eth0 packets", "net.rx.packet.eth0"]);
        assert!(filter_matches(&h, "  ETH0 "));
        assert!(filter_matches(&h, ""));
        assert!(!filter_matches(&h, "packets net"), "a match may not span two fields");
        assert!(!filter_matches(&h, "swap"));
        assert_eq!(count_text("{n} of {total} metrics", 8, 131), "8 of 131 metrics");
    }
}
