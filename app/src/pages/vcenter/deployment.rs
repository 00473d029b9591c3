//! vCenter › Deployment (`/vcenter/deployment`): the appliance's first-boot workflow. Its state and the steps
//! of the install or upgrade, followed live; the question it asks, answered here (an answer that stops it is
//! asked for again first); cancel and rollback behind confirmations. A freshly deployed appliance offers the
//! install and upgrade forms, each checked (Check) before it starts (Install / Upgrade), which vCenter checks
//! again; an upgrade that deferred its history import leaves the import to start, pause, resume or cancel here.

use crate::api::vcenter::deployment::{get_deployment, state_words, DeploymentAction, DeploymentView, InstallAppliance, UpgradeAppliance};
use crate::components::form::{thumbprint_value, typed, Checkbox, ConfirmPanel, Fields, FormError, Notice, PasswordField, SelectField, TextField, Warning, BUTTON, BUTTON_DANGER, BUTTON_SECONDARY};
use crate::components::{Card, ErrorList, Field, FieldList, Loading, PageHeader, StatusBadge, Tone};
use crate::islands::progress::Following;
use crate::jobs::Source;
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

const PATH: &str = "/vcenter/deployment";

#[component]
pub fn DeploymentPage() -> impl IntoView {
    let act = ServerAction::<DeploymentAction>::new();
    let install = ServerAction::<InstallAppliance>::new();
    let upgrade = ServerAction::<UpgradeAppliance>::new();
    let view_ = Resource::new(move || (act.version().get(), install.version().get(), upgrade.version().get()), |_| get_deployment());
    let query = use_query_map();
    let checked = query.with_untracked(|q| q.get("checked"));
    // A form that passed its check comes back as typed (passwords aside), to be started next.
    let kept = Resource::new(move || query.with(|q| q.get("done")), |done| async move {
        use leptos::server_fn::ServerFn;
        let install = crate::api::kept_result::<Vec<(String, String)>>(InstallAppliance::PATH, done.clone()).await.ok().flatten().unwrap_or_default();
        let upgrade = crate::api::kept_result::<Vec<(String, String)>>(UpgradeAppliance::PATH, done).await.ok().flatten().unwrap_or_default();
        Ok::<_, crate::error::AppError>((install, upgrade))
    });
    view! {
        <PageHeader title="Deployment" subtitle="The appliance's first-boot configuration: install it, or upgrade from an earlier vCenter Server appliance."/>
        {checked.map(|c| view! { <div class="mb-4"><Notice text=format!("The {c} specification passes vCenter's checks: it can start.") test_id="checked"/></div> })}
        <FormError value=act.value() test_id="deployment-action-error"/>
        <Transition fallback=|| view! { <Loading/> }>
            <ErrorBoundary fallback=|errors| view! { <ErrorList errors/> }>
                {move || Suspend::new(async move {
                    let (kept_install, kept_upgrade) = kept.await.unwrap_or_default();
                    view_.await.map(|d| view! { <DeploymentView d act install upgrade kept_install kept_upgrade/> })
                })}
            </ErrorBoundary>
        </Transition>
    }
}

#[component]
fn DeploymentView(
    d: DeploymentView,
    act: ServerAction<DeploymentAction>,
    install: ServerAction<InstallAppliance>,
    upgrade: ServerAction<UpgradeAppliance>,
    kept_install: Vec<(String, String)>,
    kept_upgrade: Vec<(String, String)>,
) -> impl IntoView {
    let confirm = use_query_map().with_untracked(|q| (q.get("confirm"), q.get("value")));
    let (tone, word) = match d.state.as_str() {
        "CONFIGURED" => (Tone::Good, state_words(&d.state)),
        "FAILED" => (Tone::Bad, state_words(&d.state)),
        "CONFIG_IN_PROGRESS" => (Tone::Busy, state_words(&d.state)),
        _ => (Tone::Warn, state_words(&d.state)),
    };
    let progress = d.progress();
    let action_form = move |action: &'static str, fields: Vec<(&'static str, String)>, label: String, class: &'static str, test_id: &'static str| view! {
        <ActionForm action=act>
            <input type="hidden" name="action" value=action/>
            {fields.into_iter().map(|(k, v)| view! { <input type="hidden" name=k value=v/> }).collect_view()}
            <button type="submit" class=class data-testid=test_id>{label}</button>
        </ActionForm>
    };
    let operation = d.operation.clone();
    let confirmation = match (confirm.0.as_deref(), confirm.1) {
        (Some("cancel"), _) if d.running() => Some(view! {
            <ConfirmPanel title=format!("Cancel the {operation}?") cancel_href=PATH message="The appliance stops where it is and is left failed: roll it back to configure it again from the start.">
                {action_form("cancel", vec![("operation", operation.clone())], format!("Cancel the {operation}"), BUTTON_DANGER, "confirm-cancel")}
            </ConfirmPanel>
        }.into_any()),
        (Some("rollback"), _) if d.state == "FAILED" => Some(view! {
            <ConfirmPanel title="Roll the appliance back?" cancel_href=PATH message="What the failed configuration did is undone, and the appliance waits for its configuration again.">
                {action_form("rollback", vec![], "Roll back".to_string(), BUTTON_DANGER, "confirm-rollback")}
            </ConfirmPanel>
        }.into_any()),
        (Some("answer"), Some(value)) => d.question.clone().filter(|q| q.answers.contains(&value)).map(|q| view! {
            <ConfirmPanel title=format!("Answer {value}?") cancel_href=PATH message=format!("“{}” — answering {value} stops the {operation}, which is then left failed.", q.text)>
                {action_form("answer", vec![("question", q.id.clone()), ("value", value.clone())], format!("Answer {value}"), BUTTON_DANGER, "confirm-answer")}
            </ConfirmPanel>
        }.into_any()),
        (Some("history-cancel"), _) => Some(view! {
            <ConfirmPanel title="Cancel the history import?" cancel_href=PATH message="The events and tasks not imported yet stay behind on the source appliance's data; what was imported stays.">
                {action_form("history-cancel", vec![], "Cancel the import".to_string(), BUTTON_DANGER, "confirm-history-cancel")}
            </ConfirmPanel>
        }.into_any()),
        _ => None,
    };
    let question = d.question.clone().map(|q| {
        let answers = q.answers.clone();
        view! {
            <Card title="vCenter asks">
                <p class="mb-3 text-sm" data-testid="question">{q.text.clone()}</p>
                <div class="flex flex-wrap gap-3">
                    {answers.into_iter().map(|a| if a == q.default {
                        action_form("answer", vec![("question", q.id.clone()), ("value", a.clone())], a, BUTTON, "answer-default").into_any()
                    } else {
                        view! { <a href=format!("{PATH}?confirm=answer&value={a}") class=BUTTON_SECONDARY data-testid="answer-other">{a.clone()}</a> }.into_any()
                    }).collect_view()}
                </div>
            </Card>
        }
    });
    let history = d.history.clone().filter(|_| d.state == "CONFIGURED").map(|h| {
        let buttons = match h.status.as_str() {
            "PENDING" | "FAILED" => view! { {action_form("history-start", vec![], "Start the import".into(), BUTTON, "history-start")} }.into_any(),
            "RUNNING" => view! { {action_form("history-pause", vec![], "Pause".into(), BUTTON_SECONDARY, "history-pause")} <a href=format!("{PATH}?confirm=history-cancel") class=BUTTON_SECONDARY data-testid="history-cancel">"Cancel…"</a> }.into_any(),
            "BLOCKED" => view! { {action_form("history-resume", vec![], "Resume".into(), BUTTON, "history-resume")} <a href=format!("{PATH}?confirm=history-cancel") class=BUTTON_SECONDARY data-testid="history-cancel">"Cancel…"</a> }.into_any(),
            _ => view! { <span></span> }.into_any(),
        };
        let words = match h.status.as_str() { "PENDING" => "Not started", "RUNNING" => "Importing", "BLOCKED" => "Paused", "SUCCEEDED" => "Imported", _ => "Cancelled" };
        view! {
            <Card title="Historical data import">
                <p class="mb-3 text-sm" data-testid="history-status">{format!("{words}: {} of {} %.", h.done, h.total)}</p>
                <div class="flex flex-wrap gap-3">{buttons}</div>
            </Card>
        }
    });
    let running = d.running();
    let failed = d.state == "FAILED";
    let initialized = d.state == "INITIALIZED";
    view! {
        {confirmation}
        {(!progress.finished()).then(|| view! { <div class="mb-4"><Following source=Source::Deployment initial=progress.clone() test_id="deployment-progress"/></div> })}
        <div class="space-y-6">
            <Card title="Appliance">
                <FieldList>
                    <dt class="text-sm font-medium text-slate-600 dark:text-slate-400">"State"</dt>
                    <dd data-testid="deployment-state"><StatusBadge tone word/></dd>
                    <Field label="Task" value=d.description.clone()/>
                    {(d.total > 0).then(|| view! { <Field label="Progress" value=format!("{} of {} % — {}", d.done, d.total, d.step)/> })}
                </FieldList>
                {d.error.clone().map(|e| view! { <div class="mt-3"><Warning text=e test_id="deployment-error"/></div> })}
                {(!d.steps.is_empty()).then(|| view! {
                    <ol class="mt-3 space-y-1 text-sm" data-testid="deployment-steps">
                        {d.steps.iter().map(|(n, s)| view! { <li data-status=s.clone()>{format!("{n}: {}", s.to_lowercase())}</li> }).collect_view()}
                    </ol>
                })}
                <div class="mt-4 flex flex-wrap gap-3">
                    {running.then(|| view! { <a href=format!("{PATH}?confirm=cancel") class=BUTTON_SECONDARY data-testid="cancel">"Cancel…"</a> })}
                    {failed.then(|| view! { <a href=format!("{PATH}?confirm=rollback") class=BUTTON_SECONDARY data-testid="rollback">"Roll back…"</a> })}
                </div>
            </Card>
            {question}
            {(!d.spec.is_empty()).then(|| view! {
                <Card title="What it is given">
                    <details data-testid="deployment-spec">
                        <summary class="cursor-pointer text-sm">"The spec, as vCenter keeps it (passwords left out)"</summary>
                        <div class="mt-3"><crate::components::ApiFields rows=d.spec.clone()/></div>
                    </details>
                </Card>
            })}
            {history}
            {initialized.then(|| view! { <InstallCard install kept=kept_install/> <UpgradeCard upgrade kept=kept_upgrade/> })}
        </div>
    }
}

#[component]
fn InstallCard(install: ServerAction<InstallAppliance>, kept: Vec<(String, String)>) -> impl IntoView {
    let value = install.value();
    let k = move |name: &str, default: &str| kept.iter().find(|(n, _)| n == name).map_or_else(|| default.to_string(), |(_, v)| v.clone());
    let kinds = vec![("embedded".to_string(), "vCenter Server with an embedded PSC".to_string()), ("external".to_string(), "vCenter Server with an external PSC".to_string()), ("psc".to_string(), "Platform Services Controller".to_string())];
    let ssos = vec![("standalone".to_string(), "A new SSO domain".to_string()), ("replicated".to_string(), "Join an existing PSC's domain (replica)".to_string())];
    view! {
        <Card title="Install">
            <ActionForm action=install attr:class="space-y-3" attr:data-testid="install">
                <Fields value test_id="install-error">
                    <div class="grid grid-cols-1 gap-3 sm:grid-cols-2">
                        <SelectField label="The appliance becomes" name="kind" id="install-kind" options=kinds selected=typed(value, "kind", k("kind", "embedded"))/>
                        <SelectField label="Single sign-on" name="sso" id="install-sso" options=ssos selected=typed(value, "sso", k("sso", "standalone")) hint="For an embedded PSC or a PSC; a vCenter with an external PSC uses that PSC's."/>
                    </div>
                    <div class="grid grid-cols-1 gap-3 sm:grid-cols-2">
                        <TextField label="SSO domain (new domain)" name="domain" id="install-domain" value=typed(value, "domain", k("domain", "")) placeholder="vsphere.local"/>
                        <TextField label="PSC (replica partner or external PSC)" name="partner" id="install-partner" value=typed(value, "partner", k("partner", "")) placeholder="psc-01.corp.local"/>
                    </div>
                    <div class="grid grid-cols-1 gap-3 sm:grid-cols-2">
                        <PasswordField name="password" id="install-password" label="SSO administrator password" done=install.version() hint="A new domain's: 8 to 20 characters with upper and lower case, a digit and a special character."/>
                        <TextField label="PSC certificate thumbprint (SHA-1)" name="thumbprint" id="install-thumbprint" value=kept_thumbprint(value, k("thumbprint", ""))/>
                    </div>
                    <Checkbox name="ceip" id="install-ceip" label="Join the VMware Customer Experience Improvement Program" checked=typed(value, "ceip", k("ceip", ""))/>
                    <Checkbox name="auto_answer" id="install-auto" label="Answer its questions with their defaults" checked=typed(value, "auto_answer", k("auto_answer", ""))/>
                </Fields>
                <div class="flex flex-wrap gap-3">
                    <button type="submit" name="step" value="check" class=BUTTON_SECONDARY data-testid="install-check">"Check"</button>
                    <button type="submit" name="step" value="start" class=BUTTON data-testid="install-start">"Install"</button>
                </div>
            </ActionForm>
        </Card>
    }
}

#[component]
fn UpgradeCard(upgrade: ServerAction<UpgradeAppliance>, kept: Vec<(String, String)>) -> impl IntoView {
    let value = upgrade.value();
    let k = move |name: &str, default: &str| kept.iter().find(|(n, _)| n == name).map_or_else(|| default.to_string(), |(_, v)| v.clone());
    let histories = vec![("none".to_string(), "Configuration only".to_string()), ("EVENTS_TASKS".to_string(), "Configuration, events and tasks".to_string()), ("ALL".to_string(), "Everything, performance data included".to_string())];
    view! {
        <Card title="Upgrade from an earlier appliance">
            <ActionForm action=upgrade attr:class="space-y-3" attr:data-testid="upgrade">
                <Fields value test_id="upgrade-error">
                    <div class="grid grid-cols-1 gap-3 sm:grid-cols-2">
                        <TextField label="Source appliance" name="source" id="upgrade-source" value=typed(value, "source", k("source", "")) placeholder="vcsa-65.corp.local"/>
                        <TextField label="Its certificate thumbprint (SHA-1)" name="source_thumbprint" id="upgrade-thumbprint" value=typed(value, "source_thumbprint", k("source_thumbprint", ""))/>
                        <TextField label="Its SSO administrator" name="sso_user" id="upgrade-sso-user" value=typed(value, "sso_user", k("sso_user", "administrator@vsphere.local"))/>
                        <PasswordField name="sso_password" id="upgrade-sso-password" label="SSO administrator password" done=upgrade.version()/>
                        <PasswordField name="root_password" id="upgrade-root-password" label="Its root password" done=upgrade.version()/>
                        <TextField label="Host it runs on" name="host" id="upgrade-host" value=typed(value, "host", k("host", "")) placeholder="esx-prod-01.east.lab"/>
                        <TextField label="Host account" name="host_user" id="upgrade-host-user" value=typed(value, "host_user", k("host_user", "root"))/>
                        <PasswordField name="host_password" id="upgrade-host-password" label="Host password" done=upgrade.version()/>
                    </div>
                    <SelectField label="History to bring" name="history" id="upgrade-history" options=histories selected=typed(value, "history", k("history", "none"))/>
                    <Checkbox name="defer" id="upgrade-defer" label="Import the history after the upgrade (the appliance runs meanwhile)" checked=typed(value, "defer", k("defer", ""))/>
                </Fields>
                <div class="flex flex-wrap gap-3">
                    <button type="submit" name="step" value="check" class=BUTTON_SECONDARY data-testid="upgrade-check">"Check"</button>
                    <button type="submit" name="step" value="start" class=BUTTON data-testid="upgrade-start">"Upgrade"</button>
                </div>
            </ActionForm>
        </Card>
    }
}

/// The install form's thumbprint: as typed or offered by vCenter ([`thumbprint_value`]), else the one kept
/// from a check that passed.
fn kept_thumbprint(value: impl Into<Signal<Option<Result<(), crate::error::AppError>>>>, kept: String) -> Signal<String> {
    let now = thumbprint_value(value, "thumbprint");
    Signal::derive(move || {
        let v = now.get();
        if v.is_empty() { kept.clone() } else { v }
    })
}
