//! Appliance › Summary: product, version, build, type, uptime, time and time zone, overall health and every
//! health subsystem with its messages.

use crate::api::appliance::summary::{get_appliance_summary, ApplianceSummary, HealthItem};
use crate::api::appliance::recovery::{get_backup_overview, BackupOverview};
use crate::components::{StatusBadge, Tone};
use crate::components::{human_day, human_duration, human_time, Card, ErrorList, ErrorPanel, Field, FieldList, HealthBadge, Loading, PageHeader};
use leptos::prelude::*;

#[component]
pub fn SummaryPage() -> impl IntoView {
    let summary = Resource::new(|| (), |_| get_appliance_summary());
    let backup = Resource::new(|| (), |_| get_backup_overview());
    view! {
        <PageHeader title="Appliance summary" subtitle="Version, uptime, time and health of the vCenter Server Appliance."/>
        <Transition fallback=|| view! { <Loading/> }>
            <ErrorBoundary fallback=|errors| view! { <ErrorList errors/> }>
                {move || Suspend::new(async move { summary.await.map(|s| view! { <SummaryView s/> }) })}
            </ErrorBoundary>
        </Transition>
        <div class="mt-6">
            <Card title="Backup">
                <Transition fallback=|| view! { <Loading/> }>
                    <ErrorBoundary fallback=|errors| view! { <ErrorList errors/> }>
                        {move || Suspend::new(async move { backup.await.map(|b| view! { <BackupSummary b/> }) })}
                    </ErrorBoundary>
                </Transition>
            </Card>
        </div>
    }
}

#[component]
fn SummaryView(s: ApplianceSummary) -> impl IntoView {
    let v = s.version;
    view! {
        <div class="grid grid-cols-1 gap-6 xl:grid-cols-2">
            <Card title="Appliance">
                <FieldList>
                    <Field label="Product" value=v.product test_id="product"/>
                    <Field label="Version" value=v.version test_id="version"/>
                    <Field label="Build" value=v.build test_id="build"/>
                    <Field label="Type" value=v.r#type test_id="type"/>
                    {(!v.summary.is_empty()).then(|| view! { <Field label="Patch" value=v.summary.clone() test_id="patch"/> })}
                    {(!v.releasedate.is_empty()).then(|| view! { <Field label="Release date" value=human_day(&v.releasedate) test_id="releasedate"/> })}
                    <Field label="Installed" value=human_time(&v.install_time) test_id="install-time"/>
                    <Field label="Uptime" value=human_duration(s.uptime_seconds) test_id="uptime"/>
                    <Field label="Appliance time" value=format!("{} {}", s.time.date, s.time.time) test_id="time"/>
                    <Field label="Time zone" value=s.timezone test_id="timezone"/>
                </FieldList>
            </Card>
            <Card title="Health">
                <div class="mb-4 flex flex-wrap items-center gap-3">
                    <span class="text-sm font-medium text-slate-600 dark:text-slate-300">"Overall"</span>
                    <span data-testid="overall-health"><HealthBadge level=s.health.overall/></span>
                    <span class="text-xs text-slate-600 dark:text-slate-400" data-testid="lastcheck">"Last checked " {human_time(&s.health.lastcheck)}</span>
                </div>
                <ul class="divide-y divide-slate-200 dark:divide-slate-800">
                    {s.health.items.into_iter().map(|item| view! { <HealthRow item/> }).collect_view()}
                </ul>
            </Card>
        </div>
    }
}

/// The last backup, the schedule and a restore in progress, with a link to the Backup page.
#[component]
fn BackupSummary(b: BackupOverview) -> impl IntoView {
    if !b.supported {
        return view! { <p class="text-sm" data-testid="backup-summary">"File-based backup is not supported on this appliance."</p> }.into_any();
    }
    let (tone, word, when) = match &b.last {
        Some(j) => {
            let (tone, word) = crate::pages::appliance::backup::job_badge(&j.status);
            (tone, word, j.start.as_deref().map(human_time).unwrap_or_default())
        }
        None => (Tone::Warn, "Never", String::new()),
    };
    let schedule = b.schedule.as_ref().map(|s| format!("{}{}", crate::pages::appliance::backup::schedule_words(s), if s.enable { "" } else { " (disabled)" })).unwrap_or_else(|| "None".into());
    view! {
        <div data-testid="backup-summary">
            <div class="mb-3 flex items-center gap-2"><StatusBadge tone word/></div>
            <FieldList>
                <Field label="Last backup" value=if when.is_empty() { "No backup has been taken.".to_string() } else { when.clone() } test_id="last-backup"/>
                <Field label="Schedule" value=schedule test_id="backup-schedule"/>
                {(b.restore == "INPROGRESS").then(|| view! { <Field label="Restore" value="In progress" test_id="restore-running"/> })}
            </FieldList>
            <p class="mt-3 text-sm"><a class="text-sky-700 underline-offset-2 hover:underline dark:text-sky-300" href="/appliance/backup">"Backup and schedule"</a></p>
        </div>
    }
    .into_any()
}

#[component]
fn HealthRow(item: HealthItem) -> impl IntoView {
    let id = item.id.clone();
    view! {
        <li class="py-3" data-testid=format!("health-{id}")>
            <div class="flex items-center justify-between gap-3">
                <span class="text-sm text-slate-800 dark:text-slate-200">{item.label}</span>
                {match item.level {
                    Ok(level) => view! { <HealthBadge level/> }.into_any(),
                    Err(e) => view! { <div class="max-w-md"><ErrorPanel error=e/></div> }.into_any(),
                }}
            </div>
            {(!item.messages.is_empty()).then(|| view! {
                <ul class="mt-2 space-y-1 text-sm" data-testid=format!("health-{id}-messages")>
                    {item.messages.into_iter().map(|m| view! {
                        <li class="rounded-md bg-slate-50 p-2 text-slate-700 dark:bg-slate-800 dark:text-slate-300">
                            <p>{m.message.default_message}</p>
                            {m.resolution.map(|r| view! { <p class="mt-1 text-xs text-slate-600 dark:text-slate-400">"Resolution: " {r.default_message}</p> })}
                        </li>
                    }).collect_view()}
                </ul>
            })}
        </li>
    }
}
