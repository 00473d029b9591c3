//! Form pieces every page uses: labelled inputs that keep what the user typed after a refusal, buttons,
//! the error of a form, a confirmation panel for destructive actions, a progress bar and notices.

use crate::error::AppError;
use leptos::prelude::*;
use leptos::server_fn::{error::FromServerFnError, ServerFn};
use leptos_router::hooks::use_query_map;

pub const INPUT: &str = "mt-1 block w-full rounded-md border border-slate-300 bg-white px-3 py-2 text-sm text-slate-900 focus:border-sky-500 focus:outline-none focus:ring-2 focus:ring-sky-500 dark:border-slate-600 dark:bg-slate-800 dark:text-white";
pub const LABEL: &str = "block text-sm font-medium text-slate-700 dark:text-slate-300";
pub const BUTTON: &str = "inline-flex items-center justify-center rounded-md bg-sky-700 px-4 py-2 text-sm font-medium text-white hover:bg-sky-800 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-sky-500 disabled:opacity-60";
pub const BUTTON_DANGER: &str = "inline-flex items-center justify-center rounded-md bg-red-600 px-4 py-2 text-sm font-medium text-white hover:bg-red-700 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-red-500 disabled:opacity-60";
pub const BUTTON_SECONDARY: &str = "inline-flex items-center justify-center rounded-md border border-slate-300 bg-white px-4 py-2 text-sm font-medium text-slate-700 hover:bg-slate-100 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-sky-500 disabled:opacity-60 dark:border-slate-600 dark:bg-slate-800 dark:text-slate-200 dark:hover:bg-slate-700";
pub const LINK: &str = "text-sky-700 underline-offset-2 hover:underline focus-visible:outline-2 focus-visible:outline-sky-500 dark:text-sky-300";

/// The value a field should show: what the user typed when the last submission was refused, else `initial`.
pub fn typed<T: Send + Sync + 'static>(value: impl Into<Signal<Option<Result<T, AppError>>>>, name: &'static str, initial: String) -> Signal<String> {
    let value: Signal<Option<Result<T, AppError>>> = value.into();
    Signal::derive(move || value.with(|v| match v {
        Some(Err(e)) => e.input(name),
        _ => None,
    }).unwrap_or_else(|| initial.clone()))
}

/// Whether the form of `action` just went through. A form posts (pages are not hydrated: islands only), its
/// server function answers with a redirect back to the page, and the server marks that redirect
/// `?done=<the server function's path>` when it succeeded (`server::form_result`). The page then says so.
pub fn succeeded<S>(action: ServerAction<S>) -> Signal<bool>
where
    S: ServerFn + Clone + Send + Sync + 'static,
    S::Output: Send + Sync + 'static,
    S::Error: Send + Sync + FromServerFnError + 'static,
{
    let query = use_query_map();
    let value = action.value();
    Signal::derive(move || {
        let (ok, refused) = value.with(|v| (matches!(v, Some(Ok(_))), matches!(v, Some(Err(_)))));
        ok || (query.with(|q| q.get("done").as_deref() == Some(S::PATH)) && !refused)
    })
}

/// A labelled text input (or text area); `value` is shown and kept (see [`typed`]).
#[component]
pub fn TextField(
    #[prop(into)] label: String,
    #[prop(into)] name: String,
    #[prop(into)] id: String,
    #[prop(into, optional)] value: Signal<String>,
    #[prop(into, optional)] hint: String,
    #[prop(optional)] multiline: bool,
    #[prop(optional)] autofocus: bool,
) -> impl IntoView {
    let hint_id = format!("{id}-hint");
    let described = (!hint.is_empty()).then(|| hint_id.clone());
    view! {
        <div>
            <label for=id.clone() class=LABEL>{label}</label>
            {if multiline {
                view! {
                    <textarea id=id.clone() name=name rows="2" class=INPUT aria-describedby=described.clone() autofocus=autofocus
                        prop:value=move || value.get()>{move || value.get_untracked()}</textarea>
                }.into_any()
            } else {
                view! {
                    <input id=id.clone() name=name type="text" class=INPUT aria-describedby=described.clone() autofocus=autofocus
                        value=move || value.get() prop:value=move || value.get()/>
                }.into_any()
            }}
            {(!hint.is_empty()).then(|| view! { <p id=hint_id class="mt-1 text-xs text-slate-600 dark:text-slate-400">{hint}</p> })}
        </div>
    }
}

/// A labelled `<select>` of (value, label) options.
#[component]
pub fn SelectField(
    #[prop(into)] label: String,
    #[prop(into)] name: String,
    #[prop(into)] id: String,
    options: Vec<(String, String)>,
    #[prop(into, optional)] selected: Signal<String>,
) -> impl IntoView {
    view! {
        <div>
            <label for=id.clone() class=LABEL>{label}</label>
            <select id=id name=name class=INPUT prop:value=move || selected.get()>
                {options.into_iter().map(|(v, l)| {
                    let is = v.clone();
                    view! { <option value=v selected=move || selected.get() == is>{l}</option> }
                }).collect_view()}
            </select>
        </div>
    }
}

/// A group of checkboxes sending `name[]` once per checked box; `checked` lists the checked values.
#[component]
pub fn CheckboxGroup(
    #[prop(into)] legend: String,
    #[prop(into)] name: String,
    options: Vec<(String, String)>,
    #[prop(into)] checked: Signal<Vec<String>>,
    #[prop(into, optional)] hint: String,
) -> impl IntoView {
    view! {
        <fieldset>
            <legend class=LABEL>{legend}</legend>
            {(!hint.is_empty()).then(|| view! { <p class="mt-1 text-xs text-slate-600 dark:text-slate-400">{hint}</p> })}
            <div class="mt-2 grid grid-cols-1 gap-1 sm:grid-cols-2 lg:grid-cols-3">
                {options.into_iter().map(|(v, l)| {
                    let is = v.clone();
                    view! {
                        <label class="flex items-center gap-2 text-sm text-slate-700 dark:text-slate-300">
                            <input type="checkbox" name=format!("{name}[]") value=v
                                class="h-4 w-4 rounded border-slate-300 text-sky-600 focus:ring-sky-500 dark:border-slate-600"
                                checked=move || checked.with(|c| c.contains(&is))/>
                            {l}
                        </label>
                    }
                }).collect_view()}
            </div>
        </fieldset>
    }
}

/// The error of a form's last submission, if it failed.
#[component]
pub fn FormError<T: Clone + Send + Sync + 'static>(#[prop(into)] value: Signal<Option<Result<T, AppError>>>, #[prop(into)] test_id: String) -> impl IntoView {
    move || match value.get() {
        Some(Err(error)) => Some(view! { <div data-testid=test_id.clone()><super::ErrorPanel error/></div> }),
        _ => None,
    }
}

/// A success line after a form went through.
#[component]
pub fn Notice(#[prop(into)] text: String, #[prop(into, optional)] test_id: String) -> impl IntoView {
    view! {
        <p role="status" data-testid=test_id class="rounded-lg border border-emerald-300 bg-emerald-50 p-3 text-sm text-emerald-900 dark:border-emerald-800 dark:bg-emerald-950/50 dark:text-emerald-100">
            <span aria-hidden="true">"✔ "</span>{text}
        </p>
    }
}

/// A warning the user should act on (a list cap hit, a feature this vCenter lacks).
#[component]
pub fn Warning(#[prop(into)] text: String, #[prop(into, optional)] test_id: String) -> impl IntoView {
    view! {
        <p role="alert" data-testid=test_id class="rounded-lg border border-amber-300 bg-amber-50 p-3 text-sm text-amber-900 dark:border-amber-800 dark:bg-amber-950/50 dark:text-amber-100">
            <span aria-hidden="true">"▲ "</span>{text}
        </p>
    }
}

/// Asks before something destructive: what will happen, the action (children, usually a form with the
/// button that does it) and a way back. Works without JavaScript: pages show it for `?confirm=…`.
#[component]
pub fn ConfirmPanel(#[prop(into)] title: String, #[prop(into)] message: String, #[prop(into)] cancel_href: String, children: Children) -> impl IntoView {
    view! {
        <div role="alertdialog" aria-labelledby="confirm-title" aria-describedby="confirm-message" data-testid="confirm-panel"
            class="mb-6 rounded-xl border-2 border-red-300 bg-red-50 p-5 dark:border-red-800 dark:bg-red-950/40">
            <h2 id="confirm-title" class="text-base font-semibold text-red-900 dark:text-red-100">{title}</h2>
            <p id="confirm-message" class="mt-2 text-sm text-red-900 dark:text-red-100">{message}</p>
            <div class="mt-4 flex flex-wrap items-center gap-3">
                {children()}
                <a href=cancel_href class=BUTTON_SECONDARY data-testid="confirm-cancel">"Cancel"</a>
            </div>
        </div>
    }
}

/// Progress of a long operation: `done` of `total`, as a bar with the numbers in words.
#[component]
pub fn ProgressBar(#[prop(into)] done: Signal<usize>, #[prop(into)] total: Signal<usize>, #[prop(into)] label: String) -> impl IntoView {
    let percent = move || if total.get() == 0 { 0 } else { done.get() * 100 / total.get() };
    view! {
        <div class="space-y-1" data-testid="progress">
            <div class="flex justify-between text-xs text-slate-600 dark:text-slate-300">
                <span>{label.clone()}</span>
                <span data-testid="progress-text">{move || format!("{} of {}", done.get(), total.get())}</span>
            </div>
            <div role="progressbar" aria-label=label aria-valuemin="0" aria-valuemax=move || total.get() aria-valuenow=move || done.get()
                class="h-2 w-full overflow-hidden rounded-full bg-slate-200 dark:bg-slate-700">
                <div class="h-full rounded-full bg-sky-600 transition-all dark:bg-sky-400" style=move || format!("width: {}%", percent())></div>
            </div>
        </div>
    }
}
