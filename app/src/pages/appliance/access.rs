//! Appliance › Access: SSH, DCUI and console CLI with their state and a toggle, and the BASH shell with its
//! time-out. Every form works without JavaScript.

use crate::api::appliance::access::{get_access, AccessSettings, SetAccess, SetShell, MAX_SHELL_MINUTES};
use crate::components::form::{succeeded, typed, Checkbox, Fields, FormError, Notice, TextField, BUTTON, BUTTON_SECONDARY};
use crate::components::{human_duration, Card, ErrorList, Loading, OnOffBadge, PageHeader};
use leptos::prelude::*;

#[component]
pub fn AccessPage() -> impl IntoView {
    let toggle = ServerAction::<SetAccess>::new();
    let shell = ServerAction::<SetShell>::new();
    let settings = Resource::new(move || (toggle.version().get(), shell.version().get()), |_| get_access());
    view! {
        <PageHeader title="Access" subtitle="How administrators may reach the appliance: SSH, the direct console, its command line and the BASH shell."/>
        <Transition fallback=|| view! { <Loading/> }>
            <ErrorBoundary fallback=|errors| view! { <ErrorList errors/> }>
                {move || Suspend::new(async move { settings.await.map(|s| view! { <AccessView s toggle shell/> }) })}
            </ErrorBoundary>
        </Transition>
    }
}

#[component]
fn AccessView(s: AccessSettings, toggle: ServerAction<SetAccess>, shell: ServerAction<SetShell>) -> impl IntoView {
    let value = shell.value();
    let minutes_initial = if s.shell.enabled { ((s.shell.timeout + 59) / 60).to_string() } else { "60".to_string() };
    let minutes = typed(value, "timeout_minutes", minutes_initial);
    let shell_on = s.shell.enabled;
    let enabled_typed = typed(value, "enabled", if shell_on { "on".into() } else { String::new() });
    view! {
        <div class="grid grid-cols-1 gap-6 xl:grid-cols-2">
            <Card title="Access settings">
                <ul class="divide-y divide-slate-200 dark:divide-slate-800">
                    {s.services.into_iter().map(|(name, label, on)| {
                        let test_id = format!("access-{name}");
                        view! {
                            <li class="flex items-center justify-between gap-3 py-3" data-testid=test_id>
                                <div class="flex items-center gap-3">
                                    <span class="text-sm font-medium text-slate-800 dark:text-slate-200">{label.clone()}</span>
                                    <OnOffBadge on/>
                                </div>
                                <ActionForm action=toggle>
                                    <input type="hidden" name="service" value=name/>
                                    <input type="hidden" name="enabled" value=if on { "false" } else { "true" }/>
                                    <button type="submit" class=if on { BUTTON_SECONDARY } else { BUTTON } aria-label=format!("{} {label}", if on { "Disable" } else { "Enable" })>
                                        {if on { "Disable" } else { "Enable" }}
                                    </button>
                                </ActionForm>
                            </li>
                        }
                    }).collect_view()}
                </ul>
                <FormError value=toggle.value() test_id="access-error"/>
            </Card>
            <Card title="BASH shell">
                <div class="mb-4 flex items-center gap-3" data-testid="shell-state">
                    <OnOffBadge on=shell_on/>
                    {shell_on.then(|| view! {
                        <span class="text-sm text-slate-600 dark:text-slate-300">"Turns itself off in " {human_duration(s.shell.timeout as f64)}</span>
                    })}
                </div>
                <ActionForm action=shell attr:class="space-y-4" attr:data-testid="shell-form">
                  <Fields value test_id="shell-error">
                    <Checkbox name="enabled" id="shell-enabled" label="Enable the BASH shell" checked=enabled_typed/>
                    <TextField label="Time-out (minutes)" name="timeout_minutes" id="shell-timeout" value=minutes inputmode="numeric"
                        hint=format!("1 to {MAX_SHELL_MINUTES} minutes; the shell turns itself off when it runs out.")/>
                  </Fields>
                    {move || succeeded(shell).get().then(|| view! { <Notice text="Shell settings saved." test_id="shell-saved"/> })}
                    <button type="submit" class=BUTTON>"Save"</button>
                </ActionForm>
            </Card>
        </div>
    }
}
