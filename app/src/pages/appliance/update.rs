//! Appliance › Update: the appliance's version and the update state, with a progress bar while an update
//! stages or installs (with JavaScript the page reads the state every second; without, it reloads itself
//! every second); the policy (automatic checks, custom repository and its account); the pending updates of
//! the last check, or a check of the CD-ROM, the repository or another URL (a POST: the appliance contacts
//! the repository); one update's details with its pre-update checks (a POST, kept for the session), the
//! validation of the answers it asks for, stage, and install or stage-and-install behind a confirmation that
//! asks those questions; the staged update (delete behind a confirmation); cancel. Page states are in the
//! URL (`?version=…`, `&precheck=1`, `&confirm=…`), so every part works without JavaScript, and no page load
//! makes the appliance contact anyone.

use crate::api::vcenter::inventory::words;
use crate::api::appliance::update::{
    detail_href, get_pending_update, get_update_policy, get_update_status, in_progress, kept_precheck, last_checked_updates, CancelUpdate, CheckUpdates,
    DeleteStagedUpdate, InstallUpdate, PendingCheck, RunUpdatePrecheck, SetUpdatePolicy, StageUpdate, UpdateStatus, ValidateUpdate, DAYS, SOURCES,
};
use crate::api::kept_result;
use leptos::server_fn::ServerFn;
use crate::components::form::{succeeded, typed, Checkbox, ConfirmPanel, FieldMessage, FieldState, Fields, FormError, Notice, ProgressBar, SelectField, TextField, Warning, BUTTON, BUTTON_DANGER, BUTTON_SECONDARY, INPUT, LABEL, LINK};
use crate::components::table::{Empty, Table};
use crate::components::{human_time, Card, ErrorList, ErrorPanel, Field, FieldList, Loading, PageHeader, StatusBadge, Tone};
use crate::error::AppError;
use crate::vsphere::models::appliance::update::pending::{Info as PendingInfo, PrecheckResult, Question};
use crate::vsphere::models::appliance::update::policy::Info as PolicyInfo;
use crate::vsphere::models::appliance::{Notification, Notifications, TaskInfo};
use crate::islands::progress::Following;
use crate::jobs::{JobProgress, Source};
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

/// A schedule cell: compact, its contents centred on the row.
const CELL: &str = "px-3 py-1.5 align-middle text-sm text-slate-800 dark:text-slate-200";
/// An hour or minute field.
const SMALL_INPUT: &str = "block w-16 rounded-md border border-slate-300 bg-white px-2 py-1 text-sm text-slate-900 focus:border-sky-500 focus:outline-none focus:ring-2 focus:ring-sky-500 dark:border-slate-600 dark:bg-slate-800 dark:text-white";

/// The update state as a badge.
pub fn state_badge(state: &str) -> (Tone, &'static str) {
    match state {
        "UP_TO_DATE" => (Tone::Good, "Up to date"),
        "UPDATES_PENDING" => (Tone::Warn, "Updates available"),
        "STAGE_IN_PROGRESS" => (Tone::Busy, "Staging…"),
        "INSTALL_IN_PROGRESS" => (Tone::Busy, "Installing…"),
        "INSTALL_FAILED" => (Tone::Bad, "Install failed"),
        "ROLLBACK_IN_PROGRESS" => (Tone::Busy, "Rolling back…"),
        _ => (Tone::Neutral, "Unknown"),
    }
}

/// A task's status as a badge.
pub fn task_badge(status: &str) -> (Tone, &'static str) {
    match status {
        "RUNNING" => (Tone::Busy, "Running"),
        "PENDING" => (Tone::Neutral, "Waiting"),
        "BLOCKED" => (Tone::Warn, "Blocked"),
        "SUCCEEDED" => (Tone::Good, "Succeeded"),
        "FAILED" => (Tone::Bad, "Failed"),
        _ => (Tone::Neutral, "Unknown"),
    }
}

/// An update's severity as a badge.
pub fn severity_badge(severity: &str) -> (Tone, &'static str) {
    match severity {
        "CRITICAL" => (Tone::Bad, "Critical"),
        "IMPORTANT" => (Tone::Warn, "Important"),
        "MODERATE" => (Tone::Neutral, "Moderate"),
        "LOW" => (Tone::Neutral, "Low"),
        _ => (Tone::Neutral, "Unknown"),
    }
}

/// A download size in megabytes, as people read it: `2.0 GB`, `850 MB`.
pub fn size_label(mb: i64) -> String {
    if mb >= 1024 {
        format!("{:.1} GB", mb as f64 / 1024.0)
    } else {
        format!("{mb} MB")
    }
}

/// `2020-09-24T00:00:00.000Z` → `2020-09-24`.
pub fn day_of(iso: &str) -> String {
    crate::components::human_day(iso)
}

fn yes_no(b: bool) -> &'static str {
    if b {
        "Yes"
    } else {
        "No"
    }
}

/// Splits a text around its `https://…` links, so they can be shown as links: (text, is a link).
pub fn split_links(text: &str) -> Vec<(String, bool)> {
    let mut out = Vec::new();
    let mut rest = text;
    while let Some(i) = rest.find("https://").or_else(|| rest.find("http://")) {
        if i > 0 {
            out.push((rest[..i].to_string(), false));
        }
        let end = rest[i..].find(char::is_whitespace).map(|e| i + e).unwrap_or(rest.len());
        let mut url = &rest[i..end];
        let trail = url.len() - url.trim_end_matches(['.', ',', ')', ';']).len();
        url = &url[..url.len() - trail];
        out.push((url.to_string(), true));
        rest = &rest[i + url.len()..];
    }
    if !rest.is_empty() {
        out.push((rest.to_string(), false));
    }
    out
}

#[component]
fn Linked(#[prop(into)] text: String) -> impl IntoView {
    split_links(&text)
        .into_iter()
        .map(|(t, link)| {
            if link {
                let href = t.clone();
                view! { <a href=href class=LINK rel="noopener noreferrer" target="_blank">{t}</a> }.into_any()
            } else {
                t.into_any()
            }
        })
        .collect_view()
}

#[component]
pub fn UpdatePage() -> impl IntoView {
    let query = use_query_map();
    let cancel = ServerAction::<CancelUpdate>::new();
    let stage = ServerAction::<StageUpdate>::new();
    let install = ServerAction::<InstallUpdate>::new();
    let delete = ServerAction::<DeleteStagedUpdate>::new();
    let status = Resource::new(
        move || (cancel.version().get(), stage.version().get(), install.version().get(), delete.version().get()),
        |_| get_update_status(),
    );
    let version = move || query.with(|q| q.get("version")).filter(|v| !v.is_empty());
    let confirm = move || query.with(|q| q.get("confirm"));
    view! {
        <PageHeader title="Update" subtitle="Patch the vCenter Server Appliance: check for updates, stage them, install them, and choose how the appliance checks."/>
        {move || match (confirm().as_deref(), version()) {
            (Some(mode @ ("install" | "stage-and-install")), Some(v)) => Some(view! { <InstallConfirm version=v mode=mode.to_string() install/> }.into_any()),
            (Some("delete-staged"), _) => Some(view! { <DeleteStagedConfirm delete/> }.into_any()),
            _ => None,
        }}
        <div class="grid grid-cols-1 gap-6 xl:grid-cols-2">
            <Card title="Status">
                <Transition fallback=|| view! { <Loading/> }>
                    <ErrorBoundary fallback=|errors| view! { <ErrorList errors/> }>
                        {move || Suspend::new(async move { status.await.map(|s| view! { <StatusView s cancel/> }) })}
                    </ErrorBoundary>
                </Transition>
                <FormError value=cancel.value() test_id="cancel-error"/>
                <FormError value=delete.value() test_id="delete-staged-error"/>
            </Card>
            <PolicyCard/>
        </div>
        <div class="mt-6">
            <PendingCard/>
        </div>
        {move || version().map(|v| view! { <div class="mt-6"><DetailCard version=v stage/></div> })}
    }
}

#[component]
fn StatusView(s: UpdateStatus, cancel: ServerAction<CancelUpdate>) -> impl IntoView {
    let state = s.info.state.as_str().to_string();
    let (tone, label) = state_badge(&state);
    let busy = in_progress(&state);
    let failed = state == "INSTALL_FAILED";
    let live = s.progress();
    let current = s.current;
    view! {
        <FieldList>
            <dt class="text-sm font-medium text-slate-600 dark:text-slate-400">"Appliance version"</dt>
            <dd class="text-sm text-slate-900 dark:text-slate-100">
                <span class="font-semibold" data-testid="current-version">{current.version.clone()}</span>
                <span class="text-slate-600 dark:text-slate-400">{format!(" (build {})", current.build)}</span>
            </dd>
            {(!current.summary.is_empty()).then(|| view! { <Field label="Patch" value=format!("{} · released {}", current.summary, day_of(&current.releasedate))/> })}
            <dt class="text-sm font-medium text-slate-600 dark:text-slate-400">"State"</dt>
            <dd class="text-sm" data-testid="update-state" data-value=state.clone()><StatusBadge tone word=label/></dd>
        </FieldList>
        {failed.then(|| {
            let why = s.info.task.as_ref().and_then(|t| t.error.clone()).unwrap_or_default();
            view! {
                <div class="mt-4" data-testid="install-failed">
                    <Warning text=format!("The install of {} failed. {why} Check the answers and install again, or restore the appliance from a backup.", s.info.version)/>
                </div>
            }
        })}
        {s.staged.map(|st| {
            let v = st.version.clone();
            view! {
                <div class="mt-4 rounded-lg border border-slate-200 p-3 text-sm dark:border-slate-700" data-testid="staged-update">
                    <p>
                        <span class="font-medium">{if st.staging_complete { "Staged: " } else { "Being staged: " }}</span>
                        <a href=detail_href(&st.version) class=LINK>{st.version.clone()}</a>
                        {format!(" — {} ({})", st.description.default_message, size_label(st.size))}
                    </p>
                    {(st.staging_complete && !busy).then(|| view! {
                        <div class="mt-2 flex flex-wrap gap-3">
                            <a href=format!("{}&confirm=install", detail_href(&v)) class=BUTTON data-testid="install-staged">"Install…"</a>
                            <a href="/appliance/update?confirm=delete-staged" class=BUTTON_SECONDARY data-testid="delete-staged">"Delete staged update…"</a>
                        </div>
                    })}
                </div>
            }
        })}
        {s.info.task.map(|t| view! { <TaskView t live cancel/> })}
    }
}

#[component]
fn TaskView(t: TaskInfo, live: JobProgress, cancel: ServerAction<CancelUpdate>) -> impl IntoView {
    let status = t.status.as_str().to_string();
    let running = status == "RUNNING";
    let (tone, label) = task_badge(&status);
    let (done, total, message) = match &t.progress {
        Some(p) => (p.completed.max(0) as usize, p.total.max(0) as usize, p.message.default_message.clone()),
        None => (0, 0, String::new()),
    };
    view! {
        <section class="mt-4 rounded-lg border border-slate-200 p-3 dark:border-slate-700" aria-label="Update task" data-testid="update-task" data-status=status.clone()>
            <div class="mb-3 flex flex-wrap items-center justify-between gap-2">
                <h3 class="text-sm font-semibold">{if running { "Running: " } else { "Last operation: " }}{t.description.default_message.clone()}</h3>
                <StatusBadge tone word=label/>
            </div>
            {if running {
                view! { <Following source=Source::Update initial=live test_id="update-progress"/> }.into_any()
            } else {
                (total > 0).then(|| view! { <ProgressBar done total label=message.clone()/> }).into_any()
            }}
            <p class="mt-2 text-xs text-slate-600 dark:text-slate-400">
                {t.start_time.as_deref().map(|s| format!("Started {}", human_time(s)))}
                {t.end_time.as_deref().map(|e| format!(" · ended {}", human_time(e)))}
                {t.user.clone().map(|u| format!(" · by {u}"))}
            </p>
            {t.error.clone().map(|e| view! { <p class="mt-2 text-sm text-red-800 dark:text-red-200" data-testid="task-error">{e}</p> })}
            {running.then(|| view! {
                <p class="mt-2 text-xs text-slate-600 dark:text-slate-400">{"This page follows the operation as it runs, and shows the result when it ends."}</p>
            })}
            {(running && t.cancelable).then(|| view! {
                <ActionForm action=cancel attr:class="mt-3">
                    <button type="submit" class=BUTTON_SECONDARY data-testid="cancel-update" disabled=move || cancel.pending().get()>"Cancel"</button>
                </ActionForm>
            })}
        </section>
    }
}

#[component]
fn PolicyCard() -> impl IntoView {
    let save = ServerAction::<SetUpdatePolicy>::new();
    let policy = Resource::new(move || save.version().get(), |_| get_update_policy());
    view! {
        <Card title="Checks and repository">
            <Transition fallback=|| view! { <Loading/> }>
                <ErrorBoundary fallback=|errors| view! { <ErrorList errors/> }>
                    {move || Suspend::new(async move { policy.await.map(|p| view! { <PolicyForm p save/> }) })}
                </ErrorBoundary>
            </Transition>
        </Card>
    }
}

#[component]
fn PolicyForm(p: PolicyInfo, save: ServerAction<SetUpdatePolicy>) -> impl IntoView {
    let value = save.value();
    let days_initial: Vec<String> = DAYS.iter().filter(|d| p.check_schedule.iter().any(|t| t.day.as_str() == d.api)).map(|d| d.api.to_string()).collect();
    let days = typed(value, "days", days_initial.join(","));
    let auto_stage = typed(value, "auto_stage", if p.auto_stage { "on".into() } else { String::new() });
    let rows = DAYS
        .iter()
        .map(|d| {
            // A day with several times shows its first.
            let t = p.check_schedule.iter().find(|t| t.day.as_str() == d.api);
            let hour = typed(value, d.hour, t.map(|t| t.hour.to_string()).unwrap_or_default());
            let minute = typed(value, d.minute, t.map(|t| format!("{:02}", t.minute)).unwrap_or_default());
            let api = d.api;
            let checked = move || days.with(|s| s.split(',').any(|x| x == api));
            let (hour_id, minute_id) = (format!("policy-hour-{api}"), format!("policy-minute-{api}"));
            view! {
                <tr data-testid=format!("schedule-{api}")>
                    <td class=CELL>
                        <label class="flex items-center gap-2">
                            <input type="checkbox" name="days[]" value=api class="h-4 w-4" checked=checked prop:checked=checked/>
                            {d.label}
                        </label>
                    </td>
                    <td class=CELL>
                        <label for=hour_id.clone() class="sr-only">{format!("{} hour", d.label)}</label>
                        <input id=hour_id name="hours[]" type="text" inputmode="numeric" class=SMALL_INPUT placeholder="hh"
                            value=move || hour.get() prop:value=move || hour.get()/>
                    </td>
                    <td class=CELL>
                        <label for=minute_id.clone() class="sr-only">{format!("{} minute", d.label)}</label>
                        <input id=minute_id name="minutes[]" type="text" inputmode="numeric" class=SMALL_INPUT placeholder="mm"
                            value=move || minute.get() prop:value=move || minute.get()/>
                    </td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <FieldList>
            <Field label="Default repository" value=p.default_url.clone() test_id="default-url"/>
            <Field label="Updated automatically" value=yes_no(p.auto_update)/>
            <Field label="Manual updates allowed" value=yes_no(p.manual_control)/>
        </FieldList>
        <ActionForm action=save attr:class="mt-4 space-y-4" attr:data-testid="policy-form">
            <Fields value test_id="policy-error">
            <TextField label="Custom repository URL" name="custom_url" id="policy-url" value=typed(value, "custom_url", p.custom_url.clone().unwrap_or_default())
                hint="Empty: the default repository above. A mirror of VMware's repository, as https://updates.example.com/vcsa/6.7/."/>
            <div class="grid grid-cols-1 gap-4 sm:grid-cols-2">
                <TextField label="Repository user name" name="username" id="policy-username" value=typed(value, "username", p.username.clone().unwrap_or_default())
                    hint="Only for a custom repository that asks for one."/>
                <div>
                    <label for="policy-password" class=LABEL>"Repository password"</label>
                    <input id="policy-password" name="password" type="password" autocomplete="new-password" class=INPUT aria-describedby="policy-password-hint"/>
                    <p id="policy-password-hint" class="mt-1 text-xs text-slate-600 dark:text-slate-400">"Empty: keep the saved password."</p>
                </div>
            </div>
            <label class="flex items-center gap-2 text-sm text-slate-800 dark:text-slate-200">
                <input type="checkbox" name="auto_stage" class="h-4 w-4" checked=move || !auto_stage.get().is_empty() prop:checked=move || !auto_stage.get().is_empty()/>
                "Stage the newest update automatically when a check finds one"
            </label>
            <fieldset>
                <legend class=LABEL>"Check for updates automatically"</legend>
                <p class="mt-1 mb-2 text-xs text-slate-600 dark:text-slate-400">"Tick the days, and the time of each check (hour 0–23, minute 0–59, the appliance's time). No day ticked: no automatic check."</p>
                <Table caption="Automatic check schedule" headings=vec!["Day", "Hour", "Minute"] test_id="schedule">
                    {rows}
                </Table>
            </fieldset>
            </Fields>
            {move || succeeded(save).get().then(|| view! { <Notice text="Update policy saved." test_id="policy-saved"/> })}
            <button type="submit" class=BUTTON disabled=move || save.pending().get()>"Save"</button>
        </ActionForm>
    }
}

#[component]
fn PendingCard() -> impl IntoView {
    let query = use_query_map();
    let check = ServerAction::<CheckUpdates>::new();
    // A check the form just ran, else what the last check found (read from the appliance's own record): one
    // resource, awaited once with the form it fills in.
    let shown = Resource::new(move || query.with(|q| q.get("done")), |done| async move {
        Ok::<_, AppError>(match kept_result::<PendingCheck>(CheckUpdates::PATH, done).await? {
            Some(k) => k,
            None => PendingCheck { source: "LAST_CHECK".into(), url: String::new(), found: last_checked_updates().await? },
        })
    });
    let cv = check.value();
    view! {
        <Card title="Available updates">
            <Transition fallback=|| view! { <Loading/> }>
                <ErrorBoundary fallback=|errors| view! { <ErrorList errors/> }>
                    {move || Suspend::new(async move {
                        let PendingCheck { source: src, url: u, found } = shown.await?;
                        let asked = if src == "LAST_CHECK" { "LOCAL_AND_ONLINE".to_string() } else { src.clone() };
                        let (source, url) = (typed(cv, "source", asked), typed(cv, "url", u));
                        let form = view! {
                            <ActionForm action=check attr:class="mb-4" attr:data-testid="pending-form">
                                <Fields value=check.value() test_id="pending-error">
                                    <div class="grid gap-3 sm:grid-cols-[16rem_1fr_auto] sm:items-start">
                                        <SelectField label="Look for updates" name="source" id="pending-source" selected=source
                                            options=SOURCES.iter().filter(|(v, _)| *v != "LAST_CHECK").map(|(v, l)| (v.to_string(), l.to_string())).collect()/>
                                        <TextField label="Repository URL (optional)" name="url" id="pending-url" value=url placeholder="the configured repository"
                                            hint="A URL is checked instead of the configured repository, with “Check the repository now”."/>
                                        <button type="submit" class=format!("{BUTTON} sm:mt-6")>"Check for updates"</button>
                                    </div>
                                </Fields>
                            </ActionForm>
                        };
                        Ok::<_, AppError>({
                            let checked = found.checked_at.as_deref().map(|t| view! {
                                <p class="mb-3 text-xs text-slate-600 dark:text-slate-400" data-testid="last-checked">"Last checked " {human_time(t)}</p>
                            });
                            let list = found.updates;
                            if list.is_empty() {
                                let text = if src == "LOCAL" { "No update was found on the CD-ROM." } else { "No update is available: the appliance is up to date." };
                                view! { {form}{checked}<Empty text/> }.into_any()
                            } else {
                                view! {
                                    {form}
                                    {checked}
                                    <Table caption="Available updates" headings=vec!["Version", "Update", "Type", "Severity", "Priority", "Released", "Reboot", "Size", "Details"] test_id="pending-updates">
                                        {list.into_iter().map(|u| {
                                            let (tone, sev) = severity_badge(u.severity.as_str());
                                            let href = detail_href(&u.version);
                                            view! {
                                                <tr data-testid="pending-update" data-version=u.version.clone()>
                                                    <td><a href=href.clone() class=LINK>{u.version.clone()}</a></td>
                                                    <td>{u.description.default_message.clone()}</td>
                                                    <td>{words(u.update_type.as_str())}</td>
                                                    <td><StatusBadge tone word=sev/></td>
                                                    <td>{words(u.priority.as_str())}</td>
                                                    <td class="whitespace-nowrap">{day_of(&u.release_date)}</td>
                                                    <td>{yes_no(u.reboot_required)}</td>
                                                    <td class="whitespace-nowrap">{size_label(u.size)}</td>
                                                    <td><a href=href class=LINK aria-label=format!("Details of {}", u.version)>"Details"</a></td>
                                                </tr>
                                            }
                                        }).collect_view()}
                                    </Table>
                                }.into_any()
                            }
                        })
                    })}
                </ErrorBoundary>
            </Transition>
        </Card>
    }
}

#[component]
fn DetailCard(version: String, stage: ServerAction<StageUpdate>) -> impl IntoView {
    let precheck = ServerAction::<RunUpdatePrecheck>::new();
    let query = use_query_map();
    let v = version.clone();
    let detail = Resource::new(move || (v.clone(), stage.version().get()), |(v, _)| get_pending_update(v));
    let prechecking = move || query.with(|q| q.get("precheck").is_some());
    let validated = move || query.with(|q| q.get("validated"));
    let title = format!("Update {version}");
    let v2 = version.clone();
    view! {
        <Card title>
            <Transition fallback=|| view! { <Loading/> }>
                {move || {
                    let v = v2.clone();
                    Suspend::new(async move {
                        match detail.await {
                            Ok(d) => view! { <Detail version=v d stage precheck/> }.into_any(),
                            Err(e) if e.kind().is_some_and(|k| k.as_str() == "already_in_desired_state") => {
                                view! { <Notice text=format!("Update {v} is installed.") test_id="detail-installed"/> }.into_any()
                            }
                            Err(error) => view! { <ErrorPanel error/> }.into_any(),
                        }
                    })
                }}
            </Transition>
            {move || validated().map(|w| {
                let text = if w == "warnings" { "vCenter accepted the answers, with warnings: read the pre-update checks." } else { "vCenter accepted the answers." };
                view! { <div class="mt-4"><Notice text test_id="validated"/></div> }
            })}
            <div class="mt-3"><FormError value=precheck.value() test_id="precheck-error"/></div>
            {move || prechecking().then(|| view! { <PrecheckSection version=version.clone() precheck/> })}
        </Card>
    }
}

#[component]
fn Detail(version: String, d: PendingInfo, stage: ServerAction<StageUpdate>, precheck: ServerAction<RunUpdatePrecheck>) -> impl IntoView {
    let (tone, sev) = severity_badge(d.severity.as_str());
    let staged = d.staged;
    let stage_version = version.clone();
    view! {
        <p class="mb-4 text-base font-medium" data-testid="detail-name">{d.description.default_message.clone()}</p>
        <FieldList>
            <Field label="Version" value=version test_id="detail-version"/>
            <Field label="Type" value=words(d.update_type.as_str())/>
            <dt class="text-sm font-medium text-slate-600 dark:text-slate-400">"Severity"</dt>
            <dd class="text-sm" data-testid="detail-severity"><StatusBadge tone word=sev/></dd>
            <Field label="Priority" value=words(d.priority.as_str())/>
            <Field label="Released" value=day_of(&d.release_date)/>
            <Field label="Reboot required" value=yes_no(d.reboot_required) test_id="detail-reboot"/>
            <Field label="Download size" value=size_label(d.size)/>
            <Field label="Staged" value=yes_no(staged) test_id="detail-staged"/>
        </FieldList>
        {(!d.contents.is_empty()).then(|| view! {
            <h3 class="mt-5 mb-2 text-sm font-semibold">"What it contains"</h3>
            <ul class="list-disc space-y-1 pl-5 text-sm" data-testid="detail-contents">
                {d.contents.iter().map(|c| view! { <li><Linked text=c.default_message.clone()/></li> }).collect_view()}
            </ul>
        })}
        {(!d.services_will_be_stopped.is_empty()).then(|| view! {
            <h3 class="mt-5 mb-2 text-sm font-semibold">"Services stopped during the install"</h3>
            <ul class="space-y-1 text-sm" data-testid="detail-services">
                {d.services_will_be_stopped.iter().map(|s| view! {
                    <li>{s.description.default_message.clone()} " " <code class="text-xs text-slate-600 dark:text-slate-400">{s.service.clone()}</code></li>
                }).collect_view()}
            </ul>
        })}
        {d.eulas.iter().enumerate().map(|(i, e)| view! {
            <details class="mt-5 text-sm" data-testid="detail-eula">
                <summary class="cursor-pointer font-semibold">{if i == 0 { "End user license agreement".to_string() } else { format!("License agreement {}", i + 1) }}</summary>
                <pre class="mt-2 max-h-64 overflow-y-auto whitespace-pre-wrap rounded-md bg-slate-50 p-3 font-sans text-xs text-slate-700 dark:bg-slate-800 dark:text-slate-300">{e.default_message.clone()}</pre>
            </details>
        }).collect_view()}
        <div class="mt-5 flex flex-wrap items-center gap-3" data-testid="detail-actions">
            <PrecheckButton version=stage_version.clone() precheck next="" label="Run pre-update checks" test_id="run-precheck" class=BUTTON_SECONDARY/>
            {(!staged).then(|| {
                let v = stage_version.clone();
                view! {
                    <ActionForm action=stage>
                        <input type="hidden" name="version" value=v/>
                        <button type="submit" class=BUTTON_SECONDARY data-testid="stage" disabled=move || stage.pending().get()>"Stage"</button>
                    </ActionForm>
                }
            })}
            // The confirmation asks the questions the pre-update checks return: they run first (a POST).
            {staged.then(|| view! { <PrecheckButton version=stage_version.clone() precheck next="install" label="Install…" test_id="install" class=BUTTON/> })}
            <PrecheckButton version=stage_version.clone() precheck next="stage-and-install" label="Stage and install…" test_id="stage-and-install"
                class=if staged { BUTTON_SECONDARY } else { BUTTON }/>
        </div>
        <div class="mt-3"><FormError value=stage.value() test_id="stage-error"/></div>
    }
}

/// A button that runs the pre-update checks of `version` (a POST) and goes on to `next` (see
/// [`crate::api::appliance::update::run_update_precheck`]).
#[component]
fn PrecheckButton(
    version: String,
    precheck: ServerAction<RunUpdatePrecheck>,
    next: &'static str,
    label: &'static str,
    test_id: &'static str,
    class: &'static str,
) -> impl IntoView {
    view! {
        <ActionForm action=precheck>
            <input type="hidden" name="version" value=version/>
            <input type="hidden" name="next" value=next/>
            <button type="submit" class=class data-testid=test_id disabled=move || precheck.pending().get()>{label}</button>
        </ActionForm>
    }
}

/// The issues of a precheck, most severe first: (tone, word, notification).
fn issue_rows(n: Option<Notifications>) -> Vec<(Tone, &'static str, Notification)> {
    let n = n.unwrap_or(Notifications { info: None, warnings: None, errors: None });
    let mut rows: Vec<(Tone, &'static str, Notification)> = Vec::new();
    rows.extend(n.errors.unwrap_or_default().into_iter().map(|x| (Tone::Bad, "Error", x)));
    rows.extend(n.warnings.unwrap_or_default().into_iter().map(|x| (Tone::Warn, "Warning", x)));
    rows.extend(n.info.unwrap_or_default().into_iter().map(|x| (Tone::Neutral, "Info", x)));
    rows
}

#[component]
fn Issues(issues: Option<Notifications>, #[prop(into)] caption: String, #[prop(into)] test_id: String) -> impl IntoView {
    let rows = issue_rows(issues);
    if rows.is_empty() {
        return view! { <p class="text-sm text-slate-600 dark:text-slate-300" data-testid=test_id>"No issues found."</p> }.into_any();
    }
    view! {
        <Table caption headings=vec!["Severity", "Issue", "Resolution"] test_id>
            {rows.into_iter().map(|(tone, w, n)| view! {
                <tr data-severity=w>
                    <td><StatusBadge tone word=w/></td>
                    <td>{n.message.default_message}</td>
                    <td>{n.resolution.map(|r| r.default_message).unwrap_or_default()}</td>
                </tr>
            }).collect_view()}
        </Table>
    }
    .into_any()
}

/// The pre-update checks this session ran for `version` (kept by their POST), or, when there are none (never
/// run, or older than the console keeps them), the button that runs them.
#[component]
fn PrecheckSection(version: String, precheck: ServerAction<RunUpdatePrecheck>) -> impl IntoView {
    let v = version.clone();
    let result = Resource::new(move || v.clone(), kept_precheck);
    let validate = ServerAction::<ValidateUpdate>::new();
    view! {
        <section class="mt-6 border-t border-slate-200 pt-4 dark:border-slate-700" aria-labelledby="precheck-title" data-testid="precheck">
            <h3 id="precheck-title" class="mb-3 text-sm font-semibold">"Pre-update checks"</h3>
            <Transition fallback=|| view! { <Loading/> }>
                <ErrorBoundary fallback=|errors| view! { <ErrorList errors/> }>
                    {move || {
                        let v = version.clone();
                        Suspend::new(async move {
                            result.await.map(|r| match r {
                                Some(r) => view! { <PrecheckView version=v r validate/> }.into_any(),
                                None => view! { <PrecheckMissing version=v precheck next=""/> }.into_any(),
                            })
                        })
                    }}
                </ErrorBoundary>
            </Transition>
        </section>
    }
}

/// No pre-update checks are kept for this update: say so, with the button that runs them.
#[component]
fn PrecheckMissing(version: String, precheck: ServerAction<RunUpdatePrecheck>, next: &'static str) -> impl IntoView {
    view! {
        <div class="space-y-3" data-testid="precheck-missing">
            <p class="text-sm text-slate-700 dark:text-slate-300">"The pre-update checks have not run in this session, or their result is more than ten minutes old. They run again with the button; nothing is installed."</p>
            <PrecheckButton version precheck next label="Run pre-update checks" test_id="rerun-precheck" class=BUTTON_SECONDARY/>
        </div>
    }
}

#[component]
fn PrecheckView(version: String, r: PrecheckResult, validate: ServerAction<ValidateUpdate>) -> impl IntoView {
    let value = validate.value();
    let error = Signal::derive(move || match value.get() {
        Some(Err(e)) => Some(e),
        _ => None,
    });
    let has_questions = !r.questions.is_empty();
    view! {
        <FieldList>
            <Field label="Checked" value=human_time(&r.check_time)/>
            {r.estimated_time_to_install.map(|m| view! { <Field label="Install takes about" value=format!("{m} minutes") test_id="estimate-install"/> })}
            {r.estimated_time_to_rollback.map(|m| view! { <Field label="A rollback takes about" value=format!("{m} minutes")/> })}
            <Field label="Reboot required" value=yes_no(r.reboot_required)/>
        </FieldList>
        <div class="mt-4"><Issues issues=r.issues.clone() caption="Pre-update check issues" test_id="precheck-issues"/></div>
        {has_questions.then(|| view! {
            <h4 class="mt-5 mb-2 text-sm font-semibold">"The install asks"</h4>
            <ActionForm action=validate attr:class="space-y-4" attr:data-testid="validate-form">
                <input type="hidden" name="version" value=version.clone()/>
                <Fields value test_id="validate-error">
                    <QuestionFields questions=r.questions.clone() prefix="validate" error/>
                </Fields>
                {move || match value.get() {
                    Some(Ok(n)) if n.warnings.as_ref().is_some_and(|w| !w.is_empty()) => Some(view! { <Issues issues=Some(n) caption="Validation warnings" test_id="validate-issues"/> }.into_any()),
                    _ => None,
                }}
                <button type="submit" class=BUTTON_SECONDARY disabled=move || validate.pending().get()>"Validate the answers"</button>
            </ActionForm>
        })}
    }
}

/// One field per question the update asks: its label, description, and an input fitting its type
/// (password, yes / no, a choice, text). Sent as `keys[]`, `kinds[]` and `values[]`. A refused form shows
/// the answers again, passwords excepted.
#[component]
fn QuestionFields(questions: Vec<Question>, #[prop(into)] prefix: String, #[prop(into)] error: Signal<Option<AppError>>) -> impl IntoView {
    questions
        .into_iter()
        .enumerate()
        .map(|(i, q)| {
            let id = format!("{prefix}-answer-{i}");
            let hint = format!("{id}-hint");
            // Refused for this question (left empty, or the only question vCenter found fault with).
            let state = FieldState::new(&format!("answer:{}", q.data_item), &id, true);
            let kind = q.r#type.as_str().to_string();
            let key = q.data_item.clone();
            let default = q.default_answer.clone().unwrap_or_default();
            let is_password = kind == "PASSWORD";
            let value = Signal::derive(move || {
                if is_password {
                    return String::new();
                }
                error.with(|e| e.as_ref().and_then(|e| e.input(&format!("answer:{key}")))).unwrap_or_else(|| default.clone())
            });
            let choices: Option<Vec<String>> = match (&q.allowed_values, kind.as_str()) {
                (Some(v), _) if !v.is_empty() => Some(v.clone()),
                (_, "BOOLEAN") => Some(vec!["true".into(), "false".into()]),
                _ => None,
            };
            let input = match choices {
                Some(c) => view! {
                    <select id=id.clone() name="values[]" class=INPUT aria-describedby=state.described() aria-invalid=state.invalid() autofocus=state.focus() prop:value=move || value.get()>
                        {c.into_iter().map(|c| {
                            let label = match c.as_str() { "true" => "Yes".to_string(), "false" => "No".to_string(), other => other.to_string() };
                            let is = c.clone();
                            view! { <option value=c selected=move || value.get() == is>{label}</option> }
                        }).collect_view()}
                    </select>
                }
                .into_any(),
                None => view! {
                    <input id=id.clone() name="values[]" type=if is_password { "password" } else { "text" } class=INPUT aria-describedby=state.described() aria-invalid=state.invalid() autofocus=state.focus()
                        autocomplete=if is_password { "off" } else { "on" } value=move || value.get() prop:value=move || value.get()/>
                }
                .into_any(),
            };
            view! {
                <div data-testid="question" data-item=q.data_item.clone()>
                    <input type="hidden" name="keys[]" value=q.data_item.clone()/>
                    <input type="hidden" name="kinds[]" value=kind.clone()/>
                    <label for=id.clone() class=LABEL>{q.text.default_message.clone()}</label>
                    {input}
                    <p id=hint class="mt-1 text-xs text-slate-600 dark:text-slate-400">{q.description.default_message.clone()} " (" <code>{q.data_item.clone()}</code> ")"</p>
                    <FieldMessage id state/>
                </div>
            }
        })
        .collect_view()
}

/// What the install confirmation says: title and message.
pub fn install_consequences(version: &str, mode: &str, r: &PrecheckResult) -> (String, String) {
    let title = if mode == "install" { format!("Install update {version}?") } else { format!("Stage and install update {version}?") };
    let mut message = String::new();
    if mode != "install" {
        message.push_str("The update is downloaded first. ");
    }
    message.push_str("vCenter services stop while it installs");
    if let Some(m) = r.estimated_time_to_install {
        message.push_str(&format!(" (about {m} minutes)"));
    }
    message.push_str(": the vSphere Client, the API and this console cannot manage vCenter until it completes.");
    if r.reboot_required {
        message.push_str(" The appliance reboots at the end.");
    }
    message.push_str(" If the install fails it rolls back");
    if let Some(m) = r.estimated_time_to_rollback {
        message.push_str(&format!(" (about {m} minutes)"));
    }
    message.push_str(". Take a backup of the appliance first.");
    (title, message)
}

#[component]
fn InstallConfirm(version: String, mode: String, install: ServerAction<InstallUpdate>) -> impl IntoView {
    let v = version.clone();
    let precheck = Resource::new(move || v.clone(), kept_precheck);
    let run_precheck = ServerAction::<RunUpdatePrecheck>::new();
    let value = install.value();
    let error = Signal::derive(move || match value.get() {
        Some(Err(e)) => Some(e),
        _ => None,
    });
    let accepted = typed(value, "accept_eula", String::new());
    let back = detail_href(&version);
    view! {
        <div data-testid="install-confirm">
            <Transition fallback=|| view! { <Loading/> }>
                {move || {
                    let (version, mode, back) = (version.clone(), mode.clone(), back.clone());
                    Suspend::new(async move {
                        match precheck.await {
                            Err(error) => view! { <div class="mb-6" data-testid="install-precheck-error"><ErrorPanel error/></div> }.into_any(),
                            // The confirmation asks what the checks return: without them, they run first.
                            Ok(None) => {
                                let next = if mode == "install" { "install" } else { "stage-and-install" };
                                view! {
                                    <div class="mb-6 rounded-xl border border-slate-200 bg-white p-5 dark:border-slate-800 dark:bg-slate-900">
                                        <PrecheckMissing version=version.clone() precheck=run_precheck next/>
                                        <p class="mt-3 text-sm"><a href=back class=LINK>"Cancel"</a></p>
                                    </div>
                                }.into_any()
                            }
                            Ok(Some(r)) => {
                                let (title, message) = install_consequences(&version, &mode, &r);
                                let blocked: Vec<String> = r.issues.as_ref().and_then(|i| i.errors.clone()).unwrap_or_default().into_iter().map(|n| n.message.default_message).collect();
                                let button = if mode == "install" { "Install" } else { "Stage and install" };
                                view! {
                                    <ConfirmPanel title message cancel_href=back>
                                        <ActionForm action=install attr:class="w-full space-y-4" attr:data-testid="install-form">
                                            <input type="hidden" name="version" value=version.clone()/>
                                            <input type="hidden" name="mode" value=mode.clone()/>
                                            {blocked.into_iter().map(|b| view! { <Warning text=format!("The pre-update checks found an error: {b}")/> }).collect_view()}
                                            <Fields value test_id="install-error">
                                                <QuestionFields questions=r.questions.clone() prefix="install" error/>
                                                <Checkbox name="accept_eula" id="accept-eula" label="I accept the end user license agreement of this update" checked=accepted/>
                                            </Fields>
                                            <button type="submit" class=BUTTON_DANGER autofocus=true data-testid="confirm-install" disabled=move || install.pending().get()>{button}</button>
                                        </ActionForm>
                                    </ConfirmPanel>
                                }
                                .into_any()
                            }
                        }
                    })
                }}
            </Transition>
        </div>
    }
}

#[component]
fn DeleteStagedConfirm(delete: ServerAction<DeleteStagedUpdate>) -> impl IntoView {
    view! {
        <ConfirmPanel title="Delete the staged update?"
            message="The downloaded update is removed from the appliance. Installing it later downloads it again."
            cancel_href="/appliance/update">
            <ActionForm action=delete>
                <button type="submit" class=BUTTON_DANGER autofocus=true data-testid="confirm-delete-staged" disabled=move || delete.pending().get()>"Delete staged update"</button>
            </ActionForm>
        </ConfirmPanel>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn states_and_severities_read_as_words() {
        assert_eq!(state_badge("UP_TO_DATE"), (Tone::Good, "Up to date"));
        assert_eq!(state_badge("INSTALL_FAILED").0, Tone::Bad);
        assert_eq!(state_badge("ROLLBACK_IN_PROGRESS").1, "Rolling back…");
        assert_eq!(state_badge("SOMETHING_NEW").1, "Unknown");
        assert_eq!(task_badge("SUCCEEDED"), (Tone::Good, "Succeeded"));
        assert_eq!(severity_badge("CRITICAL"), (Tone::Bad, "Critical"));
        assert_eq!(words("SECURITY"), "Security");
        assert_eq!(words("LOCAL_AND_ONLINE"), "Local and online");
    }

    #[test]
    fn sizes_and_dates() {
        assert_eq!(size_label(2035), "2.0 GB");
        assert_eq!(size_label(850), "850 MB");
        assert_eq!(day_of("2020-09-24T00:00:00.000Z"), "2020-09-24");
        assert_eq!(day_of("yesterday"), "yesterday");
    }

    #[test]
    fn links_are_found_in_text() {
        let parts = split_links("Knowledge base: https://kb.vmware.com/s/article/2143838 (build numbers).");
        assert_eq!(parts, vec![("Knowledge base: ".into(), false), ("https://kb.vmware.com/s/article/2143838".into(), true), (" (build numbers).".into(), false)]);
        assert_eq!(split_links("See https://x.example/a."), vec![("See ".into(), false), ("https://x.example/a".into(), true), (".".into(), false)]);
        assert_eq!(split_links("no link"), vec![("no link".into(), false)]);
    }

    #[test]
    fn the_install_confirmation_says_what_happens() {
        let r = PrecheckResult {
            check_time: String::new(),
            estimated_time_to_install: Some(45),
            estimated_time_to_rollback: Some(30),
            reboot_required: true,
            issues: None,
            questions: vec![],
        };
        let (title, message) = install_consequences("6.7.0.46000", "stage-and-install", &r);
        assert_eq!(title, "Stage and install update 6.7.0.46000?");
        assert!(message.starts_with("The update is downloaded first."));
        assert!(message.contains("about 45 minutes") && message.contains("reboots") && message.contains("about 30 minutes"));
        let (title, message) = install_consequences("6.7.0.45100", "install", &PrecheckResult { reboot_required: false, estimated_time_to_install: None, ..r });
        assert_eq!(title, "Install update 6.7.0.45100?");
        assert!(!message.contains("reboots") && !message.contains("downloaded first"));
    }
}
