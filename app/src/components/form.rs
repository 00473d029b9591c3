//! Form pieces every page uses: labelled inputs that keep what the user typed after a refusal, buttons,
//! the error of a form, a confirmation panel for destructive actions, a progress bar and notices.

use crate::error::AppError;
use leptos::context::Provider;
use leptos::prelude::*;
use leptos::server_fn::{error::FromServerFnError, ServerFn};
use leptos_router::hooks::use_query_map;

pub const INPUT: &str = "mt-1 block w-full rounded-md border border-slate-300 bg-white px-3 py-2 text-sm text-slate-900 focus:border-sky-500 focus:outline-none focus:ring-2 focus:ring-sky-500 aria-invalid:border-red-600 aria-invalid:ring-1 aria-invalid:ring-red-600 dark:border-slate-600 dark:bg-slate-800 dark:text-white dark:aria-invalid:border-red-400 dark:aria-invalid:ring-red-400 disabled:cursor-not-allowed disabled:border-dashed disabled:bg-slate-100 disabled:text-slate-600 dark:disabled:bg-slate-900 dark:disabled:text-slate-300";
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

/// A certificate thumbprint field's value: as typed, or, when nothing was typed, the thumbprint vCenter named
/// in refusing the last submission ([`crate::validate::offered_thumbprint`]), for the user to compare and accept.
pub fn thumbprint_value<T: Send + Sync + 'static>(value: impl Into<Signal<Option<Result<T, AppError>>>>, name: &'static str) -> Signal<String> {
    let value: Signal<Option<Result<T, AppError>>> = value.into();
    let typed = typed(value, name, String::new());
    Signal::derive(move || {
        let offered = value.with(|v| match v {
            Some(Err(e)) => crate::validate::offered_thumbprint(&e.to_string()),
            _ => None,
        });
        match (typed.get(), offered) {
            (t, Some(o)) if t.trim().is_empty() => o,
            (t, _) => t,
        }
    })
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

/// The refusal of the form around its fields (see [`Fields`]): the error of its last submission, and the
/// fields in it as they are created (their error key and input id), so the summary can link to the field.
#[derive(Clone, Copy)]
struct FormCheck {
    error: Signal<Option<AppError>>,
    fields: StoredValue<Vec<(String, String)>>,
}

/// What a field shows of its form's refusal, read from the [`Fields`] around it (none outside one): its
/// message when the last submission was refused for it (an [`AppError::Invalid`] naming `key`), and what
/// follows from that for its input — `aria-invalid`, the focus, the ids it is described by (its hint, when it
/// has one, and its message while there is one). Every field component starts from it; a form whose fields
/// are rows (a list's checkboxes) uses it for the input that stands for the rows.
#[derive(Clone, Copy)]
pub struct FieldState {
    pub error: Signal<Option<String>>,
    described: Signal<Option<String>>,
}

impl FieldState {
    pub fn new(key: &str, id: &str, has_hint: bool) -> Self {
        let error = match use_context::<FormCheck>() {
            Some(check) => {
                check.fields.update_value(|f| f.push((key.to_string(), id.to_string())));
                let key = key.to_string();
                Signal::derive(move || check.error.with(|e| e.as_ref().and_then(|e| e.field_message(&key))))
            }
            None => Signal::stored(None),
        };
        let (hint, err) = (format!("{id}-hint"), format!("{id}-error"));
        let described = Signal::derive(move || {
            let ids: Vec<&str> = [has_hint.then_some(hint.as_str()), error.with(|e| e.is_some()).then_some(err.as_str())].into_iter().flatten().collect();
            (!ids.is_empty()).then(|| ids.join(" "))
        });
        FieldState { error, described }
    }

    /// This state for the one input that stands for a group (a list's first row), and an inert one — never
    /// marked, described by nothing — for the others.
    pub fn only_if(self, applies: bool) -> Self {
        if applies {
            self
        } else {
            FieldState { error: Signal::stored(None), described: Signal::stored(None) }
        }
    }

    fn refused(&self) -> bool {
        self.error.with(|e| e.is_some())
    }

    /// `aria-describedby`'s value.
    pub fn described(self) -> impl Fn() -> Option<String> + Send + Sync + Clone + 'static {
        move || self.described.get()
    }

    /// `aria-invalid`'s value: "true" while the field is refused.
    pub fn invalid(self) -> impl Fn() -> Option<&'static str> + Send + Sync + Clone + 'static {
        move || self.refused().then_some("true")
    }

    /// `autofocus`: the refused field takes the focus on the page the form comes back to.
    pub fn focus(self) -> impl Fn() -> bool + Send + Sync + Clone + 'static {
        move || self.refused()
    }
}

/// A field's hint line (`{id}-hint`, what `aria-describedby` points to); nothing when `text` is empty.
#[component]
fn Hint(id: String, text: String) -> impl IntoView {
    (!text.is_empty()).then(|| view! { <p id=format!("{id}-hint") class="mt-1 text-xs text-slate-600 dark:text-slate-400">{text}</p> })
}

/// A field's message when its form was refused for it, under the field (what `aria-describedby` points to).
#[component]
pub fn FieldMessage(#[prop(into)] id: String, state: FieldState) -> impl IntoView {
    move || {
        state.error.get().map(|m| view! {
            <p id=format!("{id}-error") class="mt-1 text-sm font-medium text-red-700 dark:text-red-300" data-testid="field-error">
                <span aria-hidden="true">"✖ "</span>{m}
            </p>
        })
    }
}

/// The form pattern every page uses: put a form's fields inside `Fields` (inside its `ActionForm`). When the
/// last submission was refused for one field, that field is marked (`aria-invalid`), says why under itself and
/// takes the focus (it is rendered with `autofocus`: forms post and the page comes back, with or without
/// JavaScript), and the summary at the end of the fields links to it. Any other refusal (vCenter's, a lost
/// connection) is shown as an [`super::ErrorPanel`] in the same place. `test_id` names that place.
#[component]
pub fn Fields<T: Send + Sync + 'static>(
    #[prop(into)] value: Signal<Option<Result<T, AppError>>>,
    #[prop(into)] test_id: String,
    /// The summary before the fields rather than after them (a list's toolbar: its rows follow).
    #[prop(optional)]
    summary_first: bool,
    children: Children,
) -> impl IntoView {
    let error = Signal::derive(move || value.with(|v| match v {
        Some(Err(e)) => Some(e.clone()),
        _ => None,
    }));
    let check = FormCheck { error, fields: StoredValue::new(Vec::new()) };
    view! {
        <Provider value=check>
            {if summary_first {
                // The fields are made first, so the summary knows them although it stands before them.
                let fields = children();
                view! { <FormProblem check test_id/> {fields} }.into_any()
            } else {
                view! { {children()} <FormProblem check test_id/> }.into_any()
            }}
        </Provider>
    }
}

#[component]
fn FormProblem(check: FormCheck, test_id: String) -> impl IntoView {
    move || {
        check.error.get().map(|error| {
            let field = error.invalid_field().and_then(|key| check.fields.with_value(|f| f.iter().find(|(k, _)| k == key).map(|(_, id)| id.clone())));
            match field {
                Some(id) => view! {
                    <div role="alert" data-testid=test_id.clone() class="rounded-lg border border-red-300 bg-red-50 p-3 text-sm text-red-900 dark:border-red-800 dark:bg-red-950/50 dark:text-red-100">
                        <p class="font-semibold">"Please correct the marked field"</p>
                        <p class="mt-1"><a href=format!("#{id}") class="underline underline-offset-2">{error.to_string()}</a></p>
                    </div>
                }.into_any(),
                None => view! { <div data-testid=test_id.clone()><super::ErrorPanel error/></div> }.into_any(),
            }
        })
    }
}

/// A labelled text input (or text area); `value` is shown and kept (see [`typed`]). Inside [`Fields`] it shows
/// its form's refusal for `name` (or for `error_key`, when rows share a name).
#[component]
pub fn TextField(
    #[prop(into)] label: String,
    #[prop(into)] name: String,
    #[prop(into)] id: String,
    #[prop(into, optional)] value: Signal<String>,
    #[prop(into, optional)] hint: String,
    #[prop(optional)] multiline: bool,
    #[prop(optional)] autofocus: bool,
    /// `date`, `email` ... (default `text`).
    #[prop(optional)]
    input_type: Option<&'static str>,
    /// `numeric` for counts: a numeric keyboard on phones, while the console still checks and explains.
    #[prop(optional)]
    inputmode: Option<&'static str>,
    #[prop(into, optional)] placeholder: String,
    /// In a row of fields whose labels may wrap: labels take two lines, so the inputs line up.
    #[prop(optional)]
    aligned: bool,
    #[prop(into, optional)] error_key: Option<String>,
    /// Why the field cannot be changed now (a VM's cores per socket while it runs): the input is disabled (and
    /// so not sent) and the reason is said under it.
    #[prop(optional_no_strip)]
    locked: Option<String>,
) -> impl IntoView {
    let state = FieldState::new(error_key.as_deref().unwrap_or(&name), &id, !hint.is_empty());
    let described = with_locked(state.described(), locked.is_some().then(|| format!("{id}-locked")));
    let disabled = locked.is_some();
    let refused = state.focus();
    let focus = move || autofocus || refused();
    let label_class = if aligned { format!("{LABEL} sm:flex sm:min-h-10 sm:items-end") } else { LABEL.to_string() };
    let placeholder = (!placeholder.is_empty()).then_some(placeholder);
    view! {
        <div>
            <label for=id.clone() class=label_class>{label}</label>
            {if multiline {
                view! {
                    <textarea id=id.clone() name=name rows="2" class=INPUT aria-describedby=state.described() aria-invalid=state.invalid() autofocus=focus placeholder=placeholder
                        prop:value=move || value.get()>{move || value.get_untracked()}</textarea>
                }.into_any()
            } else {
                view! {
                    <input id=id.clone() name=name type=input_type.unwrap_or("text") inputmode=inputmode class=INPUT aria-describedby=described aria-invalid=state.invalid()
                        autofocus=focus placeholder=placeholder value=move || value.get() prop:value=move || value.get() disabled=disabled/>
                }.into_any()
            }}
            <Hint id=id.clone() text=hint/>
            <Locked id=id.clone() why=locked/>
            <FieldMessage id state/>
        </div>
    }
}

/// A field's `aria-describedby` with its "why it is locked" line added.
fn with_locked(described: impl Fn() -> Option<String> + Send + Sync + Clone + 'static, locked: Option<String>) -> impl Fn() -> Option<String> + Send + Sync + Clone + 'static {
    move || match (described(), locked.clone()) {
        (Some(d), Some(l)) => Some(format!("{d} {l}")),
        (d, l) => d.or(l),
    }
}

/// Why a field is disabled, under it (`<id>-locked`).
#[component]
fn Locked(#[prop(into)] id: String, why: Option<String>) -> impl IntoView {
    why.map(|why| view! { <p id=format!("{id}-locked") class="mt-1 text-xs text-slate-600 dark:text-slate-400" data-testid="locked-reason">{why}</p> })
}

/// A one-field form's field (the child) and its button, side by side (add a DNS server, test a host name).
#[component]
pub fn FieldWithButton(#[prop(into)] button: String, children: Children) -> impl IntoView {
    view! {
        <div class="flex items-end gap-2">
            <div class="flex-1">{children()}</div>
            <button type="submit" class=BUTTON_SECONDARY>{button}</button>
        </div>
    }
}

/// A password input: never filled in by the page, and emptied whenever a submission of its form completes
/// (`done` is the action's version), so it behaves the same with and without JavaScript.
#[component]
pub fn PasswordField(
    #[prop(into)] name: String,
    #[prop(into)] id: String,
    #[prop(into)] label: String,
    #[prop(into)] done: Signal<usize>,
    #[prop(into, optional)] hint: String,
    /// The user's current password (the browser's password manager fills it in), not a new one.
    #[prop(optional)]
    current: bool,
) -> impl IntoView {
    let state = FieldState::new(&name, &id, !hint.is_empty());
    view! {
        <div>
            <label for=id.clone() class=LABEL>{label}</label>
            <input id=id.clone() name=name type="password" class=INPUT aria-describedby=state.described() autocomplete=if current { "current-password" } else { "new-password" }
                aria-invalid=state.invalid() autofocus=state.focus()
                prop:value=move || {
                    done.track();
                    String::new()
                }/>
            <Hint id=id.clone() text=hint/>
            <FieldMessage id state/>
        </div>
    }
}

/// A labelled checkbox sending `name=on` when ticked; `checked` is "" for unticked (as a form keeps it).
#[component]
pub fn Checkbox(
    #[prop(into)] name: String,
    #[prop(into)] id: String,
    #[prop(into)] label: String,
    #[prop(into)] checked: Signal<String>,
    /// Why it cannot be changed now: disabled (not sent), the reason said under it.
    #[prop(optional_no_strip)]
    locked: Option<String>,
) -> impl IntoView {
    let state = FieldState::new(&name, &id, false);
    let described = with_locked(state.described(), locked.is_some().then(|| format!("{id}-locked")));
    let disabled = locked.is_some();
    view! {
        <div>
            <label for=id.clone() class="flex items-center gap-2 text-sm text-slate-800 dark:text-slate-200">
                <input type="checkbox" id=id.clone() name=name class=CHECKBOX checked=move || !checked.get().is_empty()
                    aria-describedby=described aria-invalid=state.invalid() autofocus=state.focus() disabled=disabled/>
                {label}
            </label>
            <Locked id=id.clone() why=locked/>
            <FieldMessage id state/>
        </div>
    }
}

const CHECKBOX: &str = "h-4 w-4 rounded border-slate-300 text-sky-600 focus:ring-sky-500 dark:border-slate-600";

/// A labelled `<select>` of (value, label) options.
#[component]
pub fn SelectField(
    #[prop(into)] label: String,
    #[prop(into)] name: String,
    #[prop(into)] id: String,
    options: Vec<(String, String)>,
    #[prop(into, optional)] selected: Signal<String>,
    #[prop(into, optional)] hint: String,
) -> impl IntoView {
    let state = FieldState::new(&name, &id, !hint.is_empty());
    view! {
        <div>
            <label for=id.clone() class=LABEL>{label}</label>
            <select id=id.clone() name=name class=INPUT prop:value=move || selected.get() aria-describedby=state.described()
                aria-invalid=state.invalid() autofocus=state.focus()>
                {options.into_iter().map(|(v, l)| {
                    let is = v.clone();
                    view! { <option value=v selected=move || selected.get() == is>{l}</option> }
                }).collect_view()}
            </select>
            <Hint id=id.clone() text=hint/>
            <FieldMessage id state/>
        </div>
    }
}

/// One choice of a [`CheckboxGroup`] or [`RadioGroup`]: the group's first input takes the group's `id`, so
/// the summary's link and the focus land there.
#[component]
fn Choice(kind: &'static str, name: String, value: String, label: String, first_of: Option<String>, state: FieldState, checked: Signal<bool>) -> impl IntoView {
    let first = first_of.is_some();
    let refused = state.focus();
    view! {
        <label class="flex items-center gap-2 text-sm text-slate-800 dark:text-slate-200">
            <input type=kind name=name value=value id=first_of class=if kind == "checkbox" { CHECKBOX } else { "h-4 w-4" }
                aria-invalid=state.invalid() autofocus=move || first && refused() checked=move || checked.get()/>
            {label}
        </label>
    }
}

/// A group of checkboxes sending `name[]` once per checked box; `checked` lists the checked values. `id`
/// names the group (its first box takes it, so the summary's link and the focus land there).
#[component]
pub fn CheckboxGroup(
    #[prop(into)] legend: String,
    #[prop(into)] name: String,
    #[prop(into, optional)] id: Option<String>,
    options: Vec<(String, String)>,
    #[prop(into)] checked: Signal<Vec<String>>,
    #[prop(into, optional)] hint: String,
) -> impl IntoView {
    let id = id.unwrap_or_else(|| format!("{name}-group"));
    let state = FieldState::new(&name, &id, !hint.is_empty());
    view! {
        <fieldset aria-describedby=state.described()>
            <legend class=LABEL>{legend}</legend>
            <Hint id=id.clone() text=hint/>
            <div class="mt-2 grid grid-cols-1 gap-1 sm:grid-cols-2 lg:grid-cols-3">
                {options.into_iter().enumerate().map(|(i, (v, l))| {
                    let is = v.clone();
                    view! { <Choice kind="checkbox" name=format!("{name}[]") value=v label=l first_of=(i == 0).then(|| id.clone()) state
                        checked=Signal::derive(move || checked.with(|c| c.contains(&is)))/> }
                }).collect_view()}
            </div>
            <FieldMessage id=id.clone() state/>
        </fieldset>
    }
}

/// A group of radio buttons for `name`, one per (value, label) option; `selected` is the value chosen. Like
/// [`CheckboxGroup`], `id` names the group and its first button takes it.
#[component]
pub fn RadioGroup(
    #[prop(into)] legend: String,
    #[prop(into)] name: String,
    #[prop(into)] id: String,
    options: Vec<(String, String)>,
    #[prop(into)] selected: Signal<String>,
    #[prop(into, optional)] hint: String,
    /// Side by side rather than one under the other.
    #[prop(optional)]
    inline: bool,
) -> impl IntoView {
    let state = FieldState::new(&name, &id, !hint.is_empty());
    view! {
        <fieldset aria-describedby=state.described()>
            <legend class=LABEL>{legend}</legend>
            <Hint id=id.clone() text=hint/>
            <div class=if inline { "mt-2 flex flex-wrap gap-x-6 gap-y-1" } else { "mt-2 space-y-1" }>
                {options.into_iter().enumerate().map(|(i, (v, l))| {
                    let is = v.clone();
                    view! { <Choice kind="radio" name=name.clone() value=v label=l first_of=(i == 0).then(|| id.clone()) state
                        checked=Signal::derive(move || selected.with(|s| *s == is))/> }
                }).collect_view()}
            </div>
            <FieldMessage id=id.clone() state/>
        </fieldset>
    }
}

/// The error of a submission that has no fields to mark (a confirmation's button): see [`Fields`] for forms.
#[component]
pub fn FormError<T: Clone + Send + Sync + 'static>(#[prop(into)] value: Signal<Option<Result<T, AppError>>>, #[prop(into)] test_id: String) -> impl IntoView {
    move || match value.get() {
        Some(Err(error)) => Some(view! { <div data-testid=test_id.clone()><super::ErrorPanel error/></div> }),
        _ => None,
    }
}

/// What a page says after its form went through and sent it to `?result=<what>`: the words `texts` gives for
/// that result, in a [`Notice`]; nothing for any other.
#[component]
pub fn ResultNotice(texts: &'static [(&'static str, &'static str)], #[prop(into)] test_id: String) -> impl IntoView {
    let query = leptos_router::hooks::use_query_map();
    move || {
        let result = query.with(|q| q.get("result"))?;
        let text = texts.iter().find(|(k, _)| *k == result)?.1;
        Some(view! { <div class="mb-4"><Notice text=text test_id=test_id.clone()/></div> })
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

#[cfg(all(test, feature = "ssr"))]
mod tests {
    use super::*;

    /// A form of two fields, rendered as the server sends it after a submission that ended with `result`.
    fn render(result: Option<Result<(), AppError>>) -> String {
        let owner = Owner::new();
        owner.with(|| {
            let value = RwSignal::new(result);
            view! {
                <Fields value test_id="the-error">
                    <TextField label="Name" name="name" id="new-name" hint="Up to 256 characters."/>
                    <TextField label="Description" name="description" id="new-description"/>
                </Fields>
            }
            .to_html()
        })
    }

    fn input_tag<'a>(html: &'a str, id: &str) -> &'a str {
        let start = html.find(&format!("id=\"{id}\"")).expect("the input");
        let open = html[..start].rfind('<').unwrap();
        &html[open..open + html[open..].find('>').unwrap()]
    }

    #[test]
    fn a_refused_field_is_marked_described_focused_and_linked() {
        let html = render(Some(Err(AppError::invalid("name", "Enter a name for the tag.").with_input(&[("name", ""), ("description", "kept")]))));
        let name = input_tag(&html, "new-name");
        assert!(name.contains("aria-invalid=\"true\"") && name.contains("autofocus"), "{name}");
        assert!(name.contains("aria-describedby=\"new-name-hint new-name-error\""), "{name}");
        assert!(html.contains("id=\"new-name-error\""), "the message sits under its field");
        let other = input_tag(&html, "new-description");
        assert!(!other.contains("aria-invalid=") && !other.contains("autofocus"), "{other}");
        let summary = &html[html.find("data-testid=\"the-error\"").expect("the summary")..];
        assert!(summary.contains("href=\"#new-name\"") && summary.contains("Enter a name for the tag."), "{summary}");
        assert!(!html.contains("name: Enter"), "the message has no internal field name");
    }

    #[test]
    fn a_refusal_without_a_field_here_is_a_panel_and_marks_nothing() {
        let html = render(Some(Err(AppError::invalid("category_id", "Choose the category the tag belongs to."))));
        assert!(!html.contains("aria-invalid=") && !html.contains("autofocus"), "{html}");
        assert!(html.contains("role=\"alert\"") && html.contains("Choose the category the tag belongs to."));
        assert!(!html.contains("href=\"#"), "no link to a field this form does not have");
        let ok = render(Some(Ok(())));
        assert!(!ok.contains("aria-invalid=") && !ok.contains("the-error"));
    }
}
