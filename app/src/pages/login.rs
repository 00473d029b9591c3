//! The login page: works with and without JavaScript (an `ActionForm` posting to the `login` server fn).

use crate::api::cis::session::{get_console_info, Login};
use crate::components::ErrorPanel;
use crate::error::AppError;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

#[component]
pub fn LoginPage() -> impl IntoView {
    let login = ServerAction::<Login>::new();
    let info = Resource::new(|| (), |_| get_console_info());
    let query = use_query_map();
    let next = move || query.with(|q| q.get("next")).unwrap_or_default();
    let expired = move || query.with(|q| q.get("expired")).is_some();
    // The user name typed, kept when the login fails (with JS the field keeps it; without JS the error
    // carries it back).
    let failed_user = move || match login.value().get() {
        Some(Err(AppError::Login { user, .. })) => Some(user),
        _ => None,
    };
    let failed_vcenter = move || match login.value().get() {
        Some(Err(AppError::Login { vcenter, .. })) => vcenter,
        _ => None,
    };
    view! {
        <Title text="Log in"/>
        <main id="main" class="flex min-h-screen items-center justify-center bg-slate-100 p-4 dark:bg-slate-950">
            <div class="w-full max-w-md rounded-xl border border-slate-200 bg-white p-8 shadow-sm dark:border-slate-800 dark:bg-slate-900">
                <h1 class="text-2xl font-semibold text-slate-900 dark:text-white">"vConsole"</h1>
                <p class="mt-1 text-sm text-slate-600 dark:text-slate-400">"Log in with your vCenter account."</p>
                <Transition fallback=|| ()>
                    {move || Suspend::new(async move {
                        info.await.ok().map(|list| {
                            // The simulator's accounts are the same on each simulated vCenter.
                            let accounts = list.iter().find_map(|i| i.simulator.clone());
                            let insecure: Vec<String> = list.iter().filter(|i| i.insecure).map(|i| i.name.clone()).collect();
                            let one = (list.len() == 1).then(|| list[0].clone());
                            view! {
                            {one.map(|info| view! {
                                <p class="mt-3 text-sm text-slate-700 dark:text-slate-300">
                                    "vCenter: " <span class="font-medium" data-testid="vcenter-host">{info.vcenter_host.clone()}</span>
                                </p>
                            })}
                            {accounts.map(|accounts| {
                                let password = accounts.first().map(|a| a.password.clone()).unwrap_or_default();
                                view! {
                                <div class="mt-3 rounded-lg border border-violet-300 bg-violet-50 p-3 text-sm text-violet-900 dark:border-violet-800 dark:bg-violet-950 dark:text-violet-100" data-testid="simulator-notice">
                                    <p class="font-semibold">"This is the built-in simulated vCenter. Its accounts:"</p>
                                    <table class="mt-1 w-full text-left">
                                        <thead class="sr-only"><tr><th scope="col">"User name"</th><th scope="col">"Role"</th></tr></thead>
                                        <tbody>
                                            {accounts.into_iter().map(|a| { let role = a.role.clone(); view! {
                                                <tr data-testid="sim-account" data-role=role>
                                                    <td class="py-0.5 pr-2"><code>{a.user}</code></td>
                                                    <td class="py-0.5 text-right">{a.role}</td>
                                                </tr>
                                            }}).collect_view()}
                                        </tbody>
                                    </table>
                                    <p class="mt-1">"Password (each): " <code data-testid="sim-password">{password}</code></p>
                                </div>
                            }})}
                            {(!insecure.is_empty()).then(|| view! {
                                <p role="alert" class="mt-3 rounded-lg bg-amber-50 p-3 text-sm text-amber-900 dark:bg-amber-950 dark:text-amber-100">
                                    {if list.len() == 1 { "Certificate verification is off: this vCenter's identity is not checked.".to_string() }
                                     else { format!("Certificate verification is off for {}: its identity is not checked.", insecure.join(", ")) }}
                                </p>
                            })}
                        }})
                    })}
                </Transition>
                <Show when=expired>
                    <p role="status" class="mt-4 rounded-lg bg-sky-50 p-3 text-sm text-sky-900 dark:bg-sky-950 dark:text-sky-100" data-testid="expired-notice">
                        "Your session has expired. Please log in again."
                    </p>
                </Show>
                <ActionForm action=login attr:class="mt-6 space-y-4" attr:data-testid="login-form">
                    <input type="hidden" name="next" prop:value=next value=next/>
                    <Transition fallback=|| ()>
                        {move || Suspend::new(async move {
                            info.await.ok().filter(|list| list.len() > 1).map(|list| view! {
                                <div>
                                    <label for="vcenter" class="block text-sm font-medium text-slate-700 dark:text-slate-300">"vCenter"</label>
                                    <select id="vcenter" name="vcenter" data-testid="vcenter-choice"
                                        class="mt-1 block w-full rounded-md border border-slate-300 bg-white px-3 py-2 text-slate-900 focus:border-sky-500 focus:outline-none focus:ring-2 focus:ring-sky-500 dark:border-slate-600 dark:bg-slate-800 dark:text-white">
                                        {list.into_iter().map(|i| {
                                            let selected = failed_vcenter().as_deref() == Some(i.name.as_str());
                                            let label = if i.name == i.vcenter_host { i.name.clone() } else { format!("{} ({})", i.name, i.vcenter_host) };
                                            view! { <option value=i.name.clone() selected=selected>{label}</option> }
                                        }).collect_view()}
                                    </select>
                                </div>
                            })
                        })}
                    </Transition>
                    <div>
                        <label for="username" class="block text-sm font-medium text-slate-700 dark:text-slate-300">"User name"</label>
                        <input id="username" name="username" type="text" autocomplete="username" required autofocus=move || failed_user().is_none()
                            value=move || failed_user().unwrap_or_default()
                            class="mt-1 block w-full rounded-md border border-slate-300 bg-white px-3 py-2 text-slate-900 focus:border-sky-500 focus:outline-none focus:ring-2 focus:ring-sky-500 dark:border-slate-600 dark:bg-slate-800 dark:text-white"
                            placeholder="administrator@vsphere.local"/>
                    </div>
                    <div>
                        <label for="password" class="block text-sm font-medium text-slate-700 dark:text-slate-300">"Password"</label>
                        <input id="password" name="password" type="password" autocomplete="current-password" required autofocus=move || failed_user().is_some()
                            class="mt-1 block w-full rounded-md border border-slate-300 bg-white px-3 py-2 text-slate-900 focus:border-sky-500 focus:outline-none focus:ring-2 focus:ring-sky-500 dark:border-slate-600 dark:bg-slate-800 dark:text-white"/>
                    </div>
                    {move || match login.value().get() {
                        Some(Err(e)) => Some(view! { <div data-testid="login-error"><ErrorPanel error=e/></div> }),
                        _ => None,
                    }}
                    <button type="submit" disabled=move || login.pending().get()
                        class="w-full rounded-md bg-sky-700 px-4 py-2 font-medium text-white hover:bg-sky-800 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-sky-500 disabled:opacity-60">
                        {move || if login.pending().get() { "Logging in…" } else { "Log in" }}
                    </button>
                </ActionForm>
            </div>
        </main>
    }
}
