//! Appliance › Local accounts: every local account of the appliance with its roles, state and password
//! ageing; create one; edit one (`update`); reset its password (`set`, the whole account with a new
//! password); delete one after a confirmation; and the global password policy. Every form works without
//! JavaScript (`?edit=<user>` opens the editor, `?delete=<user>` the confirmation).

use crate::api::appliance::local_accounts::{
    fixed_expiry_date, get_local_accounts, inactive_days, Account, CreateLocalAccount, DeleteLocalAccount, LocalAccounts, ResetLocalPassword, SetPasswordPolicy,
    UpdateLocalAccount, MAX_DAYS, PASSWORD_RULE, ROLES,
};
use crate::components::form::{succeeded, typed, Checkbox, CheckboxGroup, ConfirmPanel, Fields, FormError, Notice, PasswordField, TextField, Warning, BUTTON, BUTTON_DANGER, BUTTON_SECONDARY, LINK};
use crate::components::table::Table;
use crate::components::{Card, ErrorList, Loading, OnOffBadge, PageHeader};
use crate::error::AppError;
use crate::vsphere::models::appliance::local_accounts::{policy, Info};
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

const PAGE: &str = "/appliance/local-accounts";
const HINT: &str = "mt-1 text-xs text-slate-600 dark:text-slate-400";

/// `2026-04-01` from an API date-time (the appliance keeps password dates to the day).
pub fn day(iso: &str) -> String {
    crate::components::human_day(iso)
}

/// `Super administrator, Operator`; an unknown role is shown as sent.
pub fn role_words(roles: &[String]) -> String {
    roles.iter().map(|r| ROLES.iter().find(|(n, _, _)| n == r).map(|(_, l, _)| l.to_string()).unwrap_or_else(|| r.clone())).collect::<Vec<_>>().join(", ")
}

/// `in 67 days`, `today`, `3 days ago`.
pub fn expiry_words(days_left: i64) -> String {
    let days = |n: i64| format!("{n} day{}", if n == 1 { "" } else { "s" });
    match days_left {
        0 => "today".into(),
        n if n > 0 => format!("in {}", days(n)),
        n => format!("{} ago", days(-n)),
    }
}

/// `every 90 days · min 0 · warn 7`
pub fn ageing_words(info: &Info) -> String {
    let mut parts = Vec::new();
    if let Some(max) = info.max_days_between_password_change {
        parts.push(format!("every {max} days"));
    }
    if let Some(min) = info.min_days_between_password_change {
        parts.push(format!("min {min}"));
    }
    if let Some(warn) = info.warn_days_before_password_expiration {
        parts.push(format!("warn {warn}"));
    }
    parts.join(" · ")
}

fn on(b: bool) -> String {
    if b { "on".into() } else { String::new() }
}

fn opt_days(d: Option<i64>) -> String {
    d.map(|d| d.to_string()).unwrap_or_default()
}

/// A form's starting values.
#[derive(Clone, Debug, Default)]
struct Values {
    full_name: String,
    email: String,
    roles: Vec<String>,
    enabled: bool,
    password_expires: bool,
    max_days: String,
    min_days: String,
    warn_days: String,
    expires_on: String,
    inactive: bool,
    inactive_days: String,
}

impl Values {
    fn new_account() -> Self {
        Values { enabled: true, password_expires: true, roles: vec!["operator".into()], ..Default::default() }
    }

    fn of(info: &Info) -> Self {
        let locks = inactive_days(info);
        Values {
            full_name: info.fullname.clone().unwrap_or_default(),
            email: info.email.clone().unwrap_or_default(),
            roles: info.roles.clone(),
            enabled: info.enabled,
            password_expires: info.password_expires_at.is_some(),
            max_days: opt_days(info.max_days_between_password_change),
            min_days: opt_days(info.min_days_between_password_change),
            warn_days: opt_days(info.warn_days_before_password_expiration),
            expires_on: fixed_expiry_date(info).unwrap_or_default(),
            inactive: locks.is_some(),
            inactive_days: opt_days(locks),
        }
    }
}

type FormValue = Signal<Option<Result<(), AppError>>>;

/// What a field shows: as typed when the last submission (for this account, when `owner` is given) was
/// refused, else `initial`.
fn kept(value: FormValue, owner: Option<String>, name: &'static str, initial: String) -> Signal<String> {
    match owner {
        None => typed(value, name, initial),
        Some(user) => Signal::derive(move || {
            value
                .with(|v| match v {
                    Some(Err(e)) if e.input("username").as_deref() == Some(user.as_str()) => e.input(name),
                    _ => None,
                })
                .unwrap_or_else(|| initial.clone())
        }),
    }
}

#[component]
pub fn LocalAccountsPage() -> impl IntoView {
    let create = ServerAction::<CreateLocalAccount>::new();
    let update = ServerAction::<UpdateLocalAccount>::new();
    let reset = ServerAction::<ResetLocalPassword>::new();
    let delete = ServerAction::<DeleteLocalAccount>::new();
    let policy = ServerAction::<SetPasswordPolicy>::new();
    let data = Resource::new(
        move || (create.version().get(), update.version().get(), reset.version().get(), delete.version().get(), policy.version().get()),
        |_| get_local_accounts(),
    );
    view! {
        <PageHeader title="Local accounts" subtitle="The appliance's own user accounts (root and any others): who may log in to this management interface, with which role, and how their passwords age."/>
        <Transition fallback=|| view! { <Loading/> }>
            <ErrorBoundary fallback=|errors| view! { <ErrorList errors/> }>
                {move || Suspend::new(async move { data.await.map(|d| view! { <AccountsView d create update reset delete policy/> }) })}
            </ErrorBoundary>
        </Transition>
    }
}

#[component]
fn AccountsView(
    d: LocalAccounts,
    create: ServerAction<CreateLocalAccount>,
    update: ServerAction<UpdateLocalAccount>,
    reset: ServerAction<ResetLocalPassword>,
    delete: ServerAction<DeleteLocalAccount>,
    policy: ServerAction<SetPasswordPolicy>,
) -> impl IntoView {
    let query = use_query_map();
    // Read reactively: with JavaScript, following an Edit or Delete link only changes the query.
    let param = move |name: &'static str| query.with(|q| q.get(name)).filter(|s| !s.is_empty());
    let accounts = StoredValue::new(d.accounts.clone());
    let edit_view = move || {
        param("edit").map(|name| match accounts.with_value(|all| all.iter().find(|a| a.username == name).cloned()) {
            Some(a) => view! { <EditAccount a update reset/> }.into_any(),
            None => view! { <Warning text=format!("There is no local account named “{name}”.") test_id="edit-missing"/> }.into_any(),
        })
    };
    let confirm = move || {
        param("delete").map(|name| {
            let message = format!("“{name}” will no longer be able to log in to the appliance (this interface, SSH and its console). This cannot be undone.");
            let cancel = format!("{PAGE}?edit={name}");
            view! {
                <ConfirmPanel title=format!("Delete the local account {name}?") message cancel_href=cancel>
                    <ActionForm action=delete>
                        <input type="hidden" name="username" value=name.clone()/>
                        <button type="submit" class=BUTTON_DANGER autofocus=true data-testid="confirm-delete" disabled=move || delete.pending().get()>"Delete account"</button>
                    </ActionForm>
                </ConfirmPanel>
                <div class="mb-6"><FormError value=delete.value() test_id="delete-error"/></div>
            }
        })
    };
    let current_policy = d.policy.clone();
    view! {
        {confirm}
        <div class="grid grid-cols-1 gap-6 2xl:grid-cols-[1fr_30rem]">
            <div class="min-w-0 space-y-6">
                {edit_view}
                <AccountTable accounts=d.accounts editing=Signal::derive(move || param("edit"))/>
            </div>
            <div class="grid items-start gap-6 xl:grid-cols-2 2xl:grid-cols-1">
                <CreateAccount create policy=current_policy.clone()/>
                <PolicyCard action=policy current=current_policy/>
            </div>
        </div>
    }
}

#[component]
fn AccountTable(accounts: Vec<Account>, editing: Signal<Option<String>>) -> impl IntoView {
    let count = accounts.len();
    view! {
        <Table caption="Local accounts" headings=vec!["User name", "Full name", "E-mail", "Roles", "Status", "Password changed", "Password expires", "Actions"] test_id="account-table">
            {accounts.into_iter().map(|a| {
                let i = a.info.clone();
                let name = a.username.clone();
                let edit = format!("{PAGE}?edit={name}");
                let del = format!("{PAGE}?delete={name}");
                let expired = a.days_left.is_some_and(|d| d < 0);
                let soon = a.days_left.zip(i.warn_days_before_password_expiration).is_some_and(|(d, w)| (0..=w).contains(&d));
                let expiry_class = if expired { "font-medium text-red-700 dark:text-red-300" } else if soon { "font-medium text-amber-700 dark:text-amber-300" } else { "" };
                view! {
                    <tr data-testid="account-row" data-username=name.clone()
                        class=("bg-sky-50", { let n = name.clone(); move || editing.get().as_deref() == Some(n.as_str()) })
                        class=("dark:bg-sky-950/40", { let n = name.clone(); move || editing.get().as_deref() == Some(n.as_str()) })
                        aria-current={ let n = name.clone(); move || (editing.get().as_deref() == Some(n.as_str())).then_some("true") }>
                        <td><a href=edit.clone() class=format!("{LINK} font-medium") data-testid="account-name">{name.clone()}</a></td>
                        <td data-testid="account-fullname">{i.fullname.clone().filter(|s| !s.is_empty()).unwrap_or_else(|| "—".into())}</td>
                        <td data-testid="account-email">{i.email.clone().filter(|s| !s.is_empty()).unwrap_or_else(|| "—".into())}</td>
                        <td data-testid="account-roles">{role_words(&i.roles)}</td>
                        <td data-testid="account-status">
                            <div class="flex flex-col items-start gap-1">
                                <OnOffBadge on=i.enabled/>
                                {(!i.has_password).then(|| view! { <span class="text-xs text-amber-700 dark:text-amber-300">"No password set"</span> })}
                            </div>
                        </td>
                        <td data-testid="account-changed">{i.last_password_change.as_deref().map(day).unwrap_or_else(|| "—".into())}</td>
                        <td data-testid="account-expires">
                            {match (&i.password_expires_at, a.days_left) {
                                (Some(at), Some(left)) => view! {
                                    <span class=expiry_class>{day(at)}" ("{if expired { format!("expired {}", expiry_words(left)) } else { expiry_words(left) }}")"</span>
                                }.into_any(),
                                (Some(at), None) => view! { <span>{day(at)}</span> }.into_any(),
                                _ => view! { <span>"Never"</span> }.into_any(),
                            }}
                            <span class="block text-xs text-slate-600 dark:text-slate-400" data-testid="account-ageing">{ageing_words(&i)}</span>
                            {i.inactive_at.as_deref().map(|at| view! { <span class="block text-xs text-slate-600 dark:text-slate-400" data-testid="account-locks">"Locked from "{day(at)}</span> })}
                        </td>
                        <td>
                            <div class="flex flex-wrap gap-3">
                                <a href=edit class=LINK aria-label=format!("Edit {name}")>"Edit"</a>
                                {(name != "root").then(|| view! { <a href=del class="text-red-700 underline-offset-2 hover:underline focus-visible:outline-2 focus-visible:outline-red-500 dark:text-red-300" aria-label=format!("Delete {name}")>"Delete…"</a> })}
                            </div>
                        </td>
                    </tr>
                }
            }).collect_view()}
        </Table>
        <p class=HINT data-testid="account-count">{format!("{count} local account{}", if count == 1 { "" } else { "s" })}</p>
    }
}

/// Full name and e-mail.
#[component]
fn IdentityFields(value: FormValue, owner: Option<String>, initial: Values, prefix: &'static str) -> impl IntoView {
    view! {
        <TextField label="Full name" name="full_name" id=format!("{prefix}-full-name") value=kept(value, owner.clone(), "full_name", initial.full_name)/>
        <TextField label="E-mail" name="email" id=format!("{prefix}-email") value=kept(value, owner, "email", initial.email) hint="Optional, e.g. ops@example.com."/>
    }
}

/// Roles, enabled, and the password's ageing.
#[component]
fn AccessFields(value: FormValue, owner: Option<String>, initial: Values, prefix: &'static str, policy: policy::Info) -> impl IntoView {
    let k = |name: &'static str, init: String| kept(value, owner.clone(), name, init);
    let roles = k("roles", initial.roles.join(","));
    let placeholder = |d: Option<i64>| d.map(|d| format!("{d} (policy)")).unwrap_or_default();
    let role_hint = ROLES.iter().map(|(_, l, what)| format!("{l}: {what}")).collect::<Vec<_>>().join(". ") + ".";
    view! {
        <CheckboxGroup legend="Roles" name="roles" id=format!("{prefix}-roles")
            options=ROLES.iter().map(|(n, l, _)| (n.to_string(), l.to_string())).collect()
            checked=Signal::derive(move || roles.get().split(',').filter(|s| !s.is_empty()).map(String::from).collect::<Vec<_>>())
            hint=format!("At least one. {role_hint}")/>
        <Checkbox name="enabled" id=format!("{prefix}-enabled") label="Account enabled" checked=k("enabled", on(initial.enabled))/>
        <fieldset class="space-y-3 rounded-lg border border-slate-200 p-4 dark:border-slate-700">
            <legend class="px-1 text-sm font-medium text-slate-700 dark:text-slate-300">"Password expiry"</legend>
            <Checkbox name="password_expires" id=format!("{prefix}-password-expires") label="Password expires" checked=k("password_expires", on(initial.password_expires))/>
            <div class="grid grid-cols-1 gap-3 sm:grid-cols-3">
                <TextField inputmode="numeric" aligned=true name="max_days" id=format!("{prefix}-max-days") label="Maximum days between changes" value=k("max_days", initial.max_days)
                    placeholder=placeholder(policy.max_days)/>
                <TextField inputmode="numeric" aligned=true name="min_days" id=format!("{prefix}-min-days") label="Minimum days between changes" value=k("min_days", initial.min_days)
                    placeholder=placeholder(policy.min_days)/>
                <TextField inputmode="numeric" aligned=true name="warn_days" id=format!("{prefix}-warn-days") label="Warning days before expiry" value=k("warn_days", initial.warn_days)
                    placeholder=placeholder(policy.warn_days)/>
            </div>
            <p class=HINT>{format!("0 to {MAX_DAYS} days; the minimum and the warning period at most the maximum. Empty: the global password policy.")}</p>
            <TextField input_type="date" name="expires_on" id=format!("{prefix}-expires-on") label="Or expires on" value=k("expires_on", initial.expires_on)
                hint="A fixed date instead of the maximum days (optional)."/>
            <Checkbox name="inactive" id=format!("{prefix}-inactive") label="Lock the account after the password expires" checked=k("inactive", on(initial.inactive))/>
            <TextField inputmode="numeric" name="inactive_days" id=format!("{prefix}-inactive-days") label="Days after expiry before locking" value=k("inactive_days", initial.inactive_days)/>
        </fieldset>
    }
}

#[component]
fn CreateAccount(create: ServerAction<CreateLocalAccount>, policy: policy::Info) -> impl IntoView {
    let value: FormValue = create.value().into();
    let initial = Values::new_account();
    view! {
        <Card title="New account">
            <ActionForm action=create attr:class="space-y-4" attr:data-testid="account-create-form">
              <Fields value test_id="account-create-error">
                <TextField label="User name" name="username" id="new-username" value=typed(value, "username", String::new())
                    hint="Up to 32 lower-case letters, digits, _ - or ., starting with a letter."/>
                <IdentityFields value owner=None initial=initial.clone() prefix="new"/>
                <PasswordField done=create.version() name="password" id="new-password" label="Password" hint=PASSWORD_RULE/>
                <PasswordField done=create.version() name="confirm_password" id="new-confirm-password" label="Confirm password"/>
                <p class=HINT data-testid="password-cleared-hint">"Passwords are never sent back to the browser: after a refused save, type them again."</p>
                <AccessFields value owner=None initial prefix="new" policy/>
              </Fields>
                {move || succeeded(create).get().then(|| view! { <Notice text="Account created." test_id="account-created"/> })}
                <button type="submit" class=BUTTON disabled=move || create.pending().get()>"Create account"</button>
            </ActionForm>
        </Card>
    }
}

#[component]
fn EditAccount(a: Account, update: ServerAction<UpdateLocalAccount>, reset: ServerAction<ResetLocalPassword>) -> impl IntoView {
    let value: FormValue = update.value().into();
    let reset_value: FormValue = reset.value().into();
    let name = a.username.clone();
    let initial = Values::of(&a.info);
    let owner = Some(name.clone());
    let is_root = name == "root";
    // After a reset the server sends the browser to `?edit=…&reset=done` (a failed one stays on the form).
    let query = use_query_map();
    let reset_done = move || query.with(|q| q.get("reset").as_deref() == Some("done")) && !matches!(reset_value.get(), Some(Err(_)));
    view! {
        <div class="grid grid-cols-1 gap-6 xl:grid-cols-[1fr_22rem]" data-testid="account-editor">
            <Card title=format!("Edit account: {name}")>
                <ActionForm action=update attr:class="space-y-4" attr:data-testid="account-edit-form">
                    <input type="hidden" name="username" value=name.clone()/>
                  <Fields value test_id="account-edit-error">
                    <IdentityFields value owner=owner.clone() initial=initial.clone() prefix="edit"/>
                    <AccessFields value owner initial prefix="edit" policy=policy::Info { max_days: None, min_days: None, warn_days: None }/>
                  </Fields>
                    {move || succeeded(update).get().then(|| view! { <Notice text="Account saved." test_id="account-saved"/> })}
                    <div class="flex flex-wrap items-center gap-3">
                        <button type="submit" class=BUTTON disabled=move || update.pending().get()>"Save changes"</button>
                        <a href=PAGE class=BUTTON_SECONDARY>"Close"</a>
                        {if is_root {
                            view! { <span class=HINT>"root cannot be deleted."</span> }.into_any()
                        } else {
                            view! { <a href=format!("{PAGE}?delete={name}") class=BUTTON_DANGER data-testid="delete-account">"Delete…"</a> }.into_any()
                        }}
                    </div>
                </ActionForm>
            </Card>
            <Card title="Reset password">
                <p class="mb-4 text-sm text-slate-600 dark:text-slate-300">
                    "Replaces the whole account (vCenter's " <code>"set"</code> ") with its current settings and this password. The password's expiry period starts again today."
                </p>
                <ActionForm action=reset attr:class="space-y-4" attr:data-testid="password-reset-form">
                    <input type="hidden" name="username" value=a.username.clone()/>
                  <Fields value=reset_value test_id="password-reset-error">
                    <PasswordField done=reset.version() name="password" id="reset-password" label="New password" hint=PASSWORD_RULE/>
                    <PasswordField done=reset.version() name="confirm_password" id="reset-confirm-password" label="Confirm new password"/>
                    <PasswordField done=reset.version() name="old_password" id="reset-old-password" label="Current password" current=true
                        hint="Only when you change the password of the account you log in to the appliance with; leave empty otherwise."/>
                    <p class=HINT>"Password fields are cleared after every attempt."</p>
                  </Fields>
                    {move || (succeeded(reset).get() || reset_done()).then(|| view! { <Notice text="Password reset." test_id="password-reset-done"/> })}
                    <button type="submit" class=BUTTON_SECONDARY disabled=move || reset.pending().get()>"Reset password"</button>
                </ActionForm>
            </Card>
        </div>
    }
}

#[component]
fn PolicyCard(action: ServerAction<SetPasswordPolicy>, current: policy::Info) -> impl IntoView {
    let value: FormValue = action.value().into();
    view! {
        <Card title="Password policy">
            <p class="mb-4 text-sm text-slate-600 dark:text-slate-300">
                "The global policy: what new accounts get when no days of their own are given. Existing accounts keep theirs."
            </p>
            <ActionForm action attr:class="space-y-4" attr:data-testid="policy-form">
              <Fields value test_id="policy-error">
                <div class="grid grid-cols-1 gap-3 sm:grid-cols-3">
                    <TextField inputmode="numeric" name="max_days" id="policy-max-days" label="Maximum days" value=typed(value, "max_days", opt_days(current.max_days))
                        hint="A password older than this must be changed."/>
                    <TextField inputmode="numeric" name="min_days" id="policy-min-days" label="Minimum days" value=typed(value, "min_days", opt_days(current.min_days))
                        hint="Days before a password may be changed again."/>
                    <TextField inputmode="numeric" name="warn_days" id="policy-warn-days" label="Warning days" value=typed(value, "warn_days", opt_days(current.warn_days))
                        hint="Warning before expiry; 0: on the day only."/>
                </div>
              </Fields>
                {move || succeeded(action).get().then(|| view! { <Notice text="Password policy saved." test_id="policy-saved"/> })}
                <button type="submit" class=BUTTON disabled=move || action.pending().get()>"Save policy"</button>
            </ActionForm>
        </Card>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_roles_and_expiry_read_plainly() {
        assert_eq!(day("2026-04-01T00:00:00.000Z"), "2026-04-01");
        assert_eq!(role_words(&["superAdmin".into(), "operator".into()]), "Super administrator, Operator");
        assert_eq!(role_words(&["auditor".into()]), "auditor");
        assert_eq!(expiry_words(67), "in 67 days");
        assert_eq!(expiry_words(1), "in 1 day");
        assert_eq!(expiry_words(0), "today");
        assert_eq!(expiry_words(-3), "3 days ago");
    }

    #[test]
    fn form_values_come_from_the_account() {
        let info = Info {
            fullname: Some("Ops".into()),
            email: None,
            roles: vec!["admin".into()],
            enabled: true,
            has_password: true,
            last_password_change: Some("2026-01-01T00:00:00.000Z".into()),
            password_expires_at: Some("2026-03-02T00:00:00.000Z".into()),
            inactive_at: Some("2026-03-12T00:00:00.000Z".into()),
            min_days_between_password_change: Some(0),
            max_days_between_password_change: Some(60),
            warn_days_before_password_expiration: Some(7),
        };
        let v = Values::of(&info);
        assert_eq!((v.full_name.as_str(), v.email.as_str(), v.password_expires, v.max_days.as_str(), v.expires_on.as_str()), ("Ops", "", true, "60", ""));
        assert_eq!((v.inactive, v.inactive_days.as_str()), (true, "10"));
        assert_eq!(ageing_words(&info), "every 60 days · min 0 · warn 7");
        let never = Info { password_expires_at: None, inactive_at: None, max_days_between_password_change: None, ..info };
        let v = Values::of(&never);
        assert_eq!((v.password_expires, v.max_days.as_str(), v.inactive), (false, "", false));
        assert_eq!(ageing_words(&never), "min 0 · warn 7");
    }
}
