//! Selecting rows of a server-rendered list: the "Select all" box and the "n selected" count. The checkboxes
//! themselves are plain form fields (`name="objects[]"`), so the selection posts the same without JavaScript.

use leptos::prelude::*;

/// "Select all" for the `input[type=checkbox][name=<name>]` boxes inside the form `form`.
#[island]
pub fn SelectAll(#[prop(into)] form: String, #[prop(into)] name: String) -> impl IntoView {
    let on_change = move |ev: leptos::ev::Event| {
        #[cfg(feature = "hydrate")]
        {
            let on = event_target_checked(&ev);
            if let Some(root) = super::element(&form) {
                for b in super::select_all(&root, &format!("input[type=checkbox][name='{name}']")) {
                    use wasm_bindgen::JsCast;
                    if let Ok(input) = b.dyn_into::<web_sys::HtmlInputElement>() {
                        input.set_checked(on);
                    }
                }
                count_into(&root, &name);
            }
        }
        #[cfg(not(feature = "hydrate"))]
        let _ = (&ev, &form, &name);
    };
    view! { <input type="checkbox" aria-label="Select all" data-testid="select-all" class="h-4 w-4" on:change=on_change/> }
}

/// "n selected" for the boxes named `name` inside the form `form`, kept up to date as they change. A bulk action
/// with nothing selected (or no tag chosen) is not sent: it says why at once and puts the focus where the
/// choice is missing. The server refuses it the same way, for a browser without JavaScript.
#[island]
pub fn SelectedCount(#[prop(into)] form: String, #[prop(into)] name: String) -> impl IntoView {
    let count = RwSignal::new(0usize);
    // Why the last submission was stopped, until the selection changes.
    let stopped = RwSignal::new(None::<&'static str>);
    #[cfg(feature = "hydrate")]
    Effect::new(move |_| {
        use wasm_bindgen::closure::Closure;
        use wasm_bindgen::JsCast;
        let Some(root) = super::element(&form) else { return };
        let (root2, root3, name2) = (root.clone(), root.clone(), name.clone());
        let name = name.clone();
        let listener = Closure::<dyn FnMut()>::new(move || {
            count.set(checked(&root2, &name));
            stopped.set(None);
        });
        let _ = root.add_event_listener_with_callback("change", listener.as_ref().unchecked_ref());
        listener.forget();
        let on_submit = Closure::<dyn FnMut(web_sys::Event)>::new(move |ev: web_sys::Event| {
            // A tag is needed by the tag buttons (`op`) only, not by another action of the same selection.
            let submitter = ev.dyn_ref::<web_sys::SubmitEvent>().and_then(|e| e.submitter());
            let needs_tag = submitter.is_none_or(|b| b.get_attribute("name").as_deref() == Some("op"));
            if let Some((why, at)) = missing(&root3, &name2, needs_tag) {
                ev.prevent_default();
                stopped.set(Some(why));
                if let Ok(at) = at.dyn_into::<web_sys::HtmlElement>() {
                    let _ = at.focus();
                }
            }
        });
        let _ = root.add_event_listener_with_callback("submit", on_submit.as_ref().unchecked_ref());
        on_submit.forget();
    });
    #[cfg(not(feature = "hydrate"))]
    let _ = (&form, &name);
    view! {
        <span class="text-sm text-slate-600 dark:text-slate-400" data-testid="selected-count" aria-live="polite">
            {move || format!("{} selected", count.get())}
        </span>
        // Only once a submission was stopped: an empty alert would still count as one on the page.
        {move || stopped.get().map(|why| view! {
            <span role="alert" class="text-sm font-medium text-red-700 dark:text-red-300" data-testid="select-first">{why}</span>
        })}
    }
}

/// What a bulk submission lacks, and the input to fix it in: a selected object first, then a chosen tag (when
/// the action needs one).
#[cfg(feature = "hydrate")]
fn missing(root: &web_sys::Element, name: &str, needs_tag: bool) -> Option<(&'static str, web_sys::Element)> {
    use wasm_bindgen::JsCast;
    if checked(root, name) == 0 {
        let first = super::select_all(root, &format!("input[type=checkbox][name='{name}']")).into_iter().next()?;
        return Some(("Select at least one object.", first));
    }
    if !needs_tag {
        return None;
    }
    let tag = root.query_selector("select[name='tag_ids[]']").ok().flatten()?;
    let empty = tag.clone().dyn_into::<web_sys::HtmlSelectElement>().is_ok_and(|s| s.value().is_empty());
    empty.then_some(("Choose a tag.", tag))
}

#[cfg(feature = "hydrate")]
fn checked(root: &web_sys::Element, name: &str) -> usize {
    use wasm_bindgen::JsCast;
    super::select_all(root, &format!("input[type=checkbox][name='{name}']"))
        .into_iter()
        .filter_map(|b| b.dyn_into::<web_sys::HtmlInputElement>().ok())
        .filter(|b| b.checked())
        .count()
}

/// Setting `checked` from code fires no `change` event: tell the form, so the count follows.
#[cfg(feature = "hydrate")]
fn count_into(root: &web_sys::Element, _name: &str) {
    if let Ok(ev) = web_sys::Event::new("change") {
        let _ = root.dispatch_event(&ev);
    }
}
