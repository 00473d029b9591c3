//! Appliance › Services: the appliance's services and the vCenter services vMon manages, filtered by name
//! and state; start, stop (after a confirmation), restart (after a confirmation), and each vMon service's
//! startup type. While a service starts or stops the page reloads itself until it settles. Works without
//! JavaScript: the filter is a GET form, the confirmation a `?confirm=` URL.

use crate::api::appliance::services::{get_services, matches, ControlService, ServiceRow, ServicesOverview, ServicesScope, SetStartupType, STARTUP_TYPES};
use crate::api::vcenter::services::get_vcenter_services;
use crate::components::form::{ConfirmPanel, FormError, BUTTON, BUTTON_DANGER, INPUT, LABEL, LINK};
use crate::components::table::{Empty, Table};
use crate::components::{Card, ErrorList, Loading, PageHeader, StatusBadge, Tone};
use crate::islands::progress::Following;
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

const SMALL: &str = "rounded-md border border-slate-300 px-2 py-1 text-xs font-medium text-slate-700 hover:bg-slate-100 focus-visible:outline-2 focus-visible:outline-sky-500 dark:border-slate-600 dark:text-slate-200 dark:hover:bg-slate-800";

pub fn state_badge(state: &str) -> (Tone, &'static str) {
    match state {
        "STARTED" => (Tone::Good, "Running"),
        "STOPPED" => (Tone::Neutral, "Stopped"),
        "STARTING" => (Tone::Busy, "Starting…"),
        "STOPPING" => (Tone::Busy, "Stopping…"),
        _ => (Tone::Warn, "Unknown"),
    }
}

pub fn health_badge(health: &str) -> (Tone, &'static str) {
    match health {
        "HEALTHY" => (Tone::Good, "Healthy"),
        "HEALTHY_WITH_WARNINGS" => (Tone::Warn, "Warnings"),
        "DEGRADED" => (Tone::Bad, "Degraded"),
        _ => (Tone::Neutral, "Unknown"),
    }
}

#[component]
pub fn ServicesPage() -> impl IntoView {
    view! { <ServicesScreen scope=ServicesScope::Appliance/> }
}

/// Either services page: its filter, its services (with their actions and confirmation), its progress.
#[component]
pub fn ServicesScreen(scope: ServicesScope) -> impl IntoView {
    let control = ServerAction::<ControlService>::new();
    let startup = ServerAction::<SetStartupType>::new();
    let services = Resource::new(
        move || (control.version().get(), startup.version().get()),
        move |_| async move {
            match scope {
                ServicesScope::Appliance => get_services().await,
                ServicesScope::Vcenter => get_vcenter_services().await,
            }
        },
    );
    let query = use_query_map();
    let q = move || query.with(|m| m.get("q").unwrap_or_default());
    let state = move || query.with(|m| m.get("state").unwrap_or_default());
    let (title, subtitle) = match scope {
        ServicesScope::Appliance => ("Services", "The appliance's services and the vCenter services vMon manages: state, health, startup type."),
        ServicesScope::Vcenter => ("vCenter Server services", "The services of vCenter Server (vcenter/services): state, health, startup type; start, stop and restart."),
    };
    let path = scope.path();
    view! {
        <PageHeader title subtitle/>
        <form method="get" action=path class="mb-6 flex flex-wrap items-end gap-3" role="search">
            <div>
                <label for="services-q" class=LABEL>"Name contains"</label>
                <input id="services-q" name="q" type="search" class=INPUT value=q prop:value=q/>
            </div>
            <div>
                <label for="services-state" class=LABEL>"State"</label>
                <select id="services-state" name="state" class=INPUT prop:value=state>
                    <option value="" selected=move || state().is_empty()>"Any"</option>
                    <option value="running" selected=move || state() == "running">"Running"</option>
                    <option value="stopped" selected=move || state() == "stopped">"Stopped"</option>
                </select>
            </div>
            <button type="submit" class=BUTTON>"Filter"</button>
            <a href=path class=LINK>"Clear"</a>
        </form>
        <FormError value=control.value() test_id="control-error"/>
        <FormError value=startup.value() test_id="startup-error"/>
        <Transition fallback=|| view! { <Loading/> }>
            <ErrorBoundary fallback=|errors| view! { <ErrorList errors/> }>
                {move || Suspend::new(async move { services.await.map(|o| view! { <ServicesView o scope control startup/> }) })}
            </ErrorBoundary>
        </Transition>
    }
}

#[component]
fn ServicesView(o: ServicesOverview, scope: ServicesScope, control: ServerAction<ControlService>, startup: ServerAction<SetStartupType>) -> impl IntoView {
    let path = scope.path();
    // vCenter's page lists `vcenter/services` in the overview's vMon part.
    let vmon_kind = if scope == ServicesScope::Vcenter { "vcenter" } else { "vmon" };
    let query = use_query_map();
    let (q, state) = query.with_untracked(|m| (m.get("q").unwrap_or_default(), m.get("state").unwrap_or_default()));
    let back = {
        let mut parts = vec![];
        if !q.is_empty() {
            parts.push(format!("q={}", crate::vsphere::rest::encode_component(&q)));
        }
        if !state.is_empty() {
            parts.push(format!("state={}", crate::vsphere::rest::encode_component(&state)));
        }
        if parts.is_empty() { path.to_string() } else { format!("{path}?{}", parts.join("&")) }
    };
    let moving = o.progress();
    // Tracked, so a click on Stop… / Restart… shows the confirmation without a reload when hydrated.
    let rows = StoredValue::new((o.appliance.clone(), o.vmon.clone()));
    let back_c = back.clone();
    let confirm_view = move || {
        let (op, kind, id) = query.with(|m| (m.get("confirm"), m.get("kind"), m.get("service")));
        let (op, kind, id) = (op?, kind?, id?);
        if op != "stop" && op != "restart" {
            return None;
        }
        let r = rows.with_value(|(apps, vmon)| if kind == "appliance" { apps.clone() } else { vmon.clone() }).into_iter().find(|r| r.id == id)?;
        let title = format!("{} {}?", if op == "stop" { "Stop" } else { "Restart" }, r.name);
        let message = if op == "stop" {
            format!("While “{}” ({}) is stopped, what it provides is unavailable, and services that depend on it may fail. It stays stopped until someone starts it (or the appliance restarts, if its startup type is Automatic).", r.name, r.id)
        } else {
            format!("“{}” ({}) stops and starts again; what it provides is unavailable for a moment, and its users may have to reconnect.", r.name, r.id)
        };
        let back = back_c.clone();
        let label = if op == "stop" { "Stop service" } else { "Restart service" };
        Some(view! {
            <ConfirmPanel title message cancel_href=back.clone()>
                <ActionForm action=control>
                    <input type="hidden" name="kind" value=kind.clone()/>
                    <input type="hidden" name="service" value=id.clone()/>
                    <input type="hidden" name="operation" value=op.clone()/>
                    <input type="hidden" name="back" value=back.clone()/>
                    <button type="submit" class=BUTTON_DANGER autofocus=true data-testid="confirm-control">{label}</button>
                </ActionForm>
            </ConfirmPanel>
        })
    };
    let apps: Vec<ServiceRow> = o.appliance.into_iter().filter(|r| matches(r, &q, &state)).collect();
    let vmon: Vec<ServiceRow> = o.vmon.into_iter().filter(|r| matches(r, &q, &state)).collect();
    let back2 = back.clone();
    view! {
        {(!moving.finished()).then(|| view! {
            <div class="mb-4">
                <Following source=scope.source() initial=moving test_id="services-moving"/>
            </div>
        })}
        {confirm_view}
        <div class="space-y-6">
            <Card title=if scope == ServicesScope::Vcenter { "vCenter Server services" } else { "vCenter services (vMon)" }>
                {if vmon.is_empty() {
                    view! { <Empty text="No vCenter service matches the filter."/> }.into_any()
                } else {
                    view! {
                        <Table caption="vCenter services" headings=vec!["Service", "Startup type", "State", "Health", "Actions"] test_id="vmon-services">
                            {vmon.into_iter().map(|r| view! { <ServiceTr r kind=vmon_kind back=back.clone() control startup/> }).collect_view()}
                        </Table>
                    }.into_any()
                }}
            </Card>
            {(scope == ServicesScope::Appliance).then(|| view! { <Card title="Appliance services">
                {if apps.is_empty() {
                    view! { <Empty text="No appliance service matches the filter."/> }.into_any()
                } else {
                    view! {
                        <Table caption="Appliance services" headings=vec!["Service", "Description", "State", "Actions"] test_id="appliance-services">
                            {apps.into_iter().map(|r| view! { <ServiceTr r kind="appliance" back=back2.clone() control startup/> }).collect_view()}
                        </Table>
                    }.into_any()
                }}
            </Card> })}
        </div>
    }
}

#[component]
fn ServiceTr(r: ServiceRow, kind: &'static str, back: String, control: ServerAction<ControlService>, startup: ServerAction<SetStartupType>) -> impl IntoView {
    let (tone, word) = state_badge(&r.state);
    let running = r.state == "STARTED" || r.state == "STARTING";
    let sep = if back.contains('?') { "&" } else { "?" };
    let confirm_href = |op: &str| format!("{back}{sep}confirm={op}&kind={kind}&service={}", crate::vsphere::rest::encode_component(&r.id));
    let (stop_href, restart_href) = (confirm_href("stop"), confirm_href("restart"));
    let disabled = r.startup_type.as_deref() == Some("DISABLED");
    let id = r.id.clone();
    let start_form = (!running).then(|| {
        let (id, back) = (id.clone(), back.clone());
        view! {
            <ActionForm action=control>
                <input type="hidden" name="kind" value=kind/>
                <input type="hidden" name="service" value=id.clone()/>
                <input type="hidden" name="operation" value="start"/>
                <input type="hidden" name="back" value=back/>
                <button type="submit" class=SMALL aria-label=format!("Start {id}") disabled=disabled title=if disabled { "Disabled: change the startup type first" } else { "" }>"Start"</button>
            </ActionForm>
        }
    });
    let (stop_label, restart_label) = (format!("Stop {}", r.id), format!("Restart {}", r.id));
    let actions = view! {
        <div class="flex flex-wrap gap-2">
            {start_form}
            {running.then(|| view! {
                <a href=stop_href class=SMALL aria-label=stop_label>"Stop…"</a>
                <a href=restart_href class=SMALL aria-label=restart_label>"Restart…"</a>
            })}
        </div>
    };
    if kind != "appliance" {
        let current = r.startup_type.clone().unwrap_or_default();
        let health = r.health.clone().map(|h| health_badge(&h));
        let select_id = format!("startup-{}", r.id);
        let (startup_label, save_label, rid, rid2, rid3) = (format!("Startup type of {}", r.id), format!("Save startup type of {}", r.id), r.id.clone(), r.id.clone(), r.id.clone());
        view! {
            <tr data-service=rid>
                <td>
                    <div class="font-medium">{r.name.clone()}</div>
                    <div class="font-mono text-xs text-slate-600 dark:text-slate-400">{rid2}</div>
                </td>
                <td>
                    <ActionForm action=startup attr:class="flex items-center gap-2">
                        <input type="hidden" name="service" value=rid3/>
                        <input type="hidden" name="kind" value=kind/>
                        <label for=select_id.clone() class="sr-only">{startup_label}</label>
                        <select id=select_id name="startup_type" class="rounded-md border border-slate-300 bg-white px-2 py-1 text-xs dark:border-slate-600 dark:bg-slate-800" data-testid="startup-type">
                            {STARTUP_TYPES.iter().map(|(v, l)| view! { <option value=*v selected=current == *v>{*l}</option> }).collect_view()}
                        </select>
                        <button type="submit" class=SMALL aria-label=save_label>"Save"</button>
                    </ActionForm>
                </td>
                <td><StatusBadge tone word/></td>
                <td>
                    {health.map(|(t, w)| view! { <StatusBadge tone=t word=w/> })}
                    {(!r.health_messages.is_empty()).then(|| view! {
                        <ul class="mt-1 space-y-0.5 text-xs text-slate-600 dark:text-slate-300">
                            {r.health_messages.iter().map(|m| view! { <li>{m.clone()}</li> }).collect_view()}
                        </ul>
                    })}
                </td>
                <td>{actions}</td>
            </tr>
        }
        .into_any()
    } else {
        view! {
            <tr data-service=r.id.clone()>
                <td><span class="font-mono">{r.id.clone()}</span></td>
                <td>{r.description.clone()}</td>
                <td><StatusBadge tone word/></td>
                <td>{actions}</td>
            </tr>
        }
        .into_any()
    }
}
