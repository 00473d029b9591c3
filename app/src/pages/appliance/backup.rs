//! Backup: back up the appliance now (location type, URL and account, the optional parts with their sizes,
//! an encryption password typed twice, a comment), checked by the console, then validated by vCenter: its
//! failures refuse the form with its reasons, its warnings are shown for the user's word (`?done=…`) before
//! the job starts; then the job's own page follows it live, with Cancel. The schedule (days, time, how many
//! backups to keep, location, parts, encryption; enable, run now, delete behind a confirmation) and the
//! history of every job, newest first. Forms post; every page state is in the URL, so all of it works without
//! JavaScript.

use crate::api::appliance::recovery::{
    bytes_label, get_backup_job, get_backup_parts, get_recovery_supported, get_schedule, job_href, list_backup_jobs, BackupJob, CancelBackup, DeleteSchedule, PartView,
    location_type_of, PendingBackup, RunSchedule, SaveSchedule, ScheduleView, StartBackup, DAYS, LOCATION_TYPES, MAX_COMMENT,
};
use crate::api::kept_result;
use crate::components::form::{
    typed, Checkbox, CheckboxGroup, ConfirmPanel, Fields, FormError, PasswordField, ResultNotice, SelectField, TextField, Warning, BUTTON, BUTTON_DANGER, BUTTON_SECONDARY, LINK,
};
use crate::components::table::{Empty, Table};
use crate::components::{human_duration, human_time, Card, ErrorList, Field, FieldList, Loading, PageHeader, StatusBadge, Tone};
use crate::islands::progress::Following;
use crate::jobs::Source;
use leptos::prelude::*;
use leptos::server_fn::ServerFn;
use leptos_router::hooks::{use_params_map, use_query_map};

const RESULTS: &[(&str, &str)] = &[
    ("schedule-saved", "The backup schedule is saved."),
    ("schedule-deleted", "The backup schedule is deleted; the backups it made stay at their location."),
];

/// A job's status as a badge.
pub fn job_badge(status: &str) -> (Tone, &'static str) {
    match status {
        "SUCCEEDED" => (Tone::Good, "Succeeded"),
        "FAILED" => (Tone::Bad, "Failed"),
        "RUNNING" | "PENDING" | "BLOCKED" => (Tone::Busy, "Running"),
        _ => (Tone::Neutral, "Unknown"),
    }
}

/// The schedule's days and time in words: "Every day at 02:30 UTC", "Mon, Fri at 23:00 UTC".
pub fn schedule_words(s: &ScheduleView) -> String {
    let days = if s.days.is_empty() || s.days.len() == 7 {
        "Every day".to_string()
    } else {
        DAYS.iter().filter(|(k, _)| s.days.iter().any(|d| d == k)).map(|(_, l)| *l).collect::<Vec<_>>().join(", ")
    };
    format!("{days} at {:02}:{:02} UTC", s.hour, s.minute)
}

#[component]
pub fn BackupPage() -> impl IntoView {
    let start = ServerAction::<StartBackup>::new();
    let save = ServerAction::<SaveSchedule>::new();
    let run = ServerAction::<RunSchedule>::new();
    let delete = ServerAction::<DeleteSchedule>::new();
    let query = use_query_map();
    let parts = Resource::new(|| (), |_| get_backup_parts());
    let jobs = Resource::new(move || (start.version().get(), run.version().get()), |_| list_backup_jobs());
    let schedule = Resource::new(move || (save.version().get(), delete.version().get()), |_| get_schedule());
    let pending = Resource::new(move || query.with(|q| q.get("done")), |done| kept_result::<PendingBackup>(StartBackup::PATH, done));
    let supported = Resource::new(|| (), |_| get_recovery_supported());
    view! {
        <PageHeader title="Backup" subtitle="Back up the appliance's configuration to a file server, now or on a schedule, and see every backup job."/>
        <Transition fallback=|| ()>
            {move || Suspend::new(async move {
                match supported.await {
                    Ok(true) => None,
                    Ok(false) => Some(view! { <div class="mb-4"><Warning text="This appliance does not support file-based backup and restore (vCenter says so): backups cannot be taken here." test_id="recovery-unsupported"/></div> }.into_any()),
                    Err(e) => Some(view! { <div class="mb-4"><crate::components::ErrorPanel error=e/></div> }.into_any()),
                }
            })}
        </Transition>
        <ResultNotice texts=RESULTS test_id="backup-result"/>
        <div class="grid grid-cols-1 gap-6 xl:grid-cols-2">
            <Card title="Back up now">
                <Transition fallback=|| view! { <Loading/> }>
                    <ErrorBoundary fallback=|errors| view! { <ErrorList errors/> }>
                        {move || Suspend::new(async move {
                            let parts = parts.await?;
                            let pending = pending.await?;
                            Ok::<_, crate::error::AppError>(view! { <BackupNow start parts pending/> })
                        })}
                    </ErrorBoundary>
                </Transition>
            </Card>
            <div id="schedule">
                <Card title="Schedule">
                    <Transition fallback=|| view! { <Loading/> }>
                        <ErrorBoundary fallback=|errors| view! { <ErrorList errors/> }>
                            {move || Suspend::new(async move {
                                let s = schedule.await?;
                                let parts = parts.await?;
                                Ok::<_, crate::error::AppError>(view! { <ScheduleCard s parts save run delete/> })
                            })}
                        </ErrorBoundary>
                    </Transition>
                </Card>
            </div>
        </div>
        <div class="mt-6">
            <Card title="History">
                <Transition fallback=|| view! { <Loading/> }>
                    <ErrorBoundary fallback=|errors| view! { <ErrorList errors/> }>
                        {move || Suspend::new(async move { jobs.await.map(|jobs| view! { <History jobs/> }) })}
                    </ErrorBoundary>
                </Transition>
            </Card>
        </div>
    }
}

fn type_options() -> Vec<(String, String)> {
    LOCATION_TYPES.iter().map(|(k, _)| (k.to_string(), k.to_string())).collect()
}

/// Where backups go or come from: the location type, its URL, and the account on the file server. The inputs'
/// ids are `<prefix>-type`, `-location`, `-user` and `-password`. Used by Back up now, the schedule and the
/// Restore page's listing.
#[component]
pub fn LocationFields(
    #[prop(into)] prefix: String,
    kind: Signal<String>,
    location: Signal<String>,
    user: Signal<String>,
    done: Signal<usize>,
    #[prop(into, optional)] location_hint: String,
    #[prop(into, optional)] password_hint: String,
) -> impl IntoView {
    view! {
        <div class="grid grid-cols-1 gap-4 sm:grid-cols-3">
            <SelectField label="Location type" name="location_type" id=format!("{prefix}-type") options=type_options() selected=kind/>
            <div class="sm:col-span-2">
                <TextField label="Location" name="location" id=format!("{prefix}-location") value=location placeholder="ftps://backup.example.com/vcsa" hint=location_hint/>
            </div>
        </div>
        <div class="grid grid-cols-1 gap-4 sm:grid-cols-2">
            <TextField label="User name" name="location_user" id=format!("{prefix}-user") value=user/>
            <PasswordField label="Password" name="location_password" id=format!("{prefix}-password") done hint=password_hint/>
        </div>
    }
}

fn part_options(parts: &[PartView]) -> Vec<(String, String)> {
    parts
        .iter()
        .filter(|p| p.optional)
        .map(|p| {
            let size = p.size_mb.map(|mb| format!(" ({})", bytes_label(mb * 1_048_576))).unwrap_or_default();
            (p.id.clone(), format!("{}{size}", p.name))
        })
        .collect()
}

/// What always goes into a backup, in words.
fn required_parts(parts: &[PartView]) -> String {
    let names: Vec<String> = parts
        .iter()
        .filter(|p| !p.optional)
        .map(|p| format!("{}{}", p.name, p.size_mb.map(|mb| format!(" ({})", bytes_label(mb * 1_048_576))).unwrap_or_default()))
        .collect();
    if names.is_empty() {
        String::new()
    } else {
        format!("Always backed up: {}.", names.join(", "))
    }
}

#[component]
fn BackupNow(start: ServerAction<StartBackup>, parts: Vec<PartView>, pending: Option<PendingBackup>) -> impl IntoView {
    let value = start.value();
    let kept = pending.as_ref().map(|p| p.form.clone()).unwrap_or_default();
    let initial = |name: &'static str, own: String| typed(value, name, own);
    let default_parts: Vec<String> = parts.iter().filter(|p| p.optional && p.selected_by_default).map(|p| p.id.clone()).collect();
    let chosen = if pending.is_some() { kept.parts.clone() } else { default_parts };
    let kind = initial("location_type", if kept.location_type.is_empty() { "FTPS".into() } else { kept.location_type.clone() });
    let location = initial("location", kept.location.clone());
    let user = initial("location_user", kept.location_user.clone());
    let comment = initial("comment", kept.comment.clone());
    let parts_typed = typed(value, "parts", chosen.join(","));
    let done = Signal::derive(move || start.version().get());
    let required = required_parts(&parts);
    let options = part_options(&parts);
    view! {
        {pending.map(|p| {
            let f = p.form.clone();
            view! {
                <div class="mb-4 space-y-2" data-testid="backup-warnings">
                    <p class="text-sm font-medium text-slate-800 dark:text-slate-200">"vCenter validated the backup and warns:"</p>
                    {p.warnings.iter().map(|w| view! { <Warning text=w.clone()/> }).collect_view()}
                    <ActionForm action=start attr:class="flex flex-wrap items-center gap-3">
                        <input type="hidden" name="location_type" value=f.location_type.clone()/>
                        <input type="hidden" name="location" value=f.location.clone()/>
                        <input type="hidden" name="location_user" value=f.location_user.clone()/>
                        {f.parts.iter().map(|p| view! { <input type="hidden" name="parts[]" value=p.clone()/> }).collect_view()}
                        <input type="hidden" name="comment" value=f.comment.clone()/>
                        <input type="hidden" name="acknowledged" value="1"/>
                        <button type="submit" class=BUTTON autofocus=true data-testid="backup-anyway">"Back up anyway"</button>
                        <a href="/appliance/backup" class=LINK>"Change the settings"</a>
                    </ActionForm>
                </div>
            }
        })}
        <ActionForm action=start attr:class="space-y-4" attr:data-testid="backup-form">
            <Fields value test_id="backup-error">
                <LocationFields prefix="backup" kind location user done location_hint="The file server and the folder on it, as a URL whose scheme is the type's."/>
                <CheckboxGroup legend="Parts" name="parts" id="backup-parts" options
                    checked=Signal::derive(move || parts_typed.get().split(',').filter(|s| !s.is_empty()).map(String::from).collect::<Vec<_>>())
                    hint=required/>
                <div class="grid grid-cols-1 gap-4 sm:grid-cols-2">
                    <PasswordField label="Encryption password (optional)" name="backup_password" id="backup-encryption" done
                        hint="8 to 20 characters: a lower-case and an upper-case letter, a digit and a special character. Needed to restore."/>
                    <PasswordField label="Confirm the encryption password" name="backup_password_confirm" id="backup-encryption-confirm" done/>
                </div>
                <TextField label="Comment (optional)" name="comment" id="backup-comment" value=comment hint=format!("At most {MAX_COMMENT} characters.")/>
            </Fields>
            <button type="submit" class=BUTTON data-testid="backup-start" disabled=move || start.pending().get()>"Back up now"</button>
        </ActionForm>
    }
}

#[component]
fn ScheduleCard(
    s: Option<ScheduleView>,
    parts: Vec<PartView>,
    save: ServerAction<SaveSchedule>,
    run: ServerAction<RunSchedule>,
    delete: ServerAction<DeleteSchedule>,
) -> impl IntoView {
    let query = use_query_map();
    let editing = query.with_untracked(|q| q.get("schedule").as_deref() == Some("edit")) || save.value().with_untracked(|v| matches!(v, Some(Err(_))));
    let confirming = query.with_untracked(|q| q.get("confirm").as_deref() == Some("delete-schedule"));
    let Some(current) = s.clone() else {
        return view! {
            <p class="mb-4 text-sm text-slate-600 dark:text-slate-300" data-testid="no-schedule">"No backup schedule: backups are taken only when someone starts one."</p>
            <ScheduleForm s=None parts save/>
        }
        .into_any();
    };
    let (tone, word) = if current.enable { (Tone::Good, "Enabled") } else { (Tone::Neutral, "Disabled") };
    let keep = current.keep.map(|n| format!("the last {n}")).unwrap_or_else(|| "all".into());
    let names = part_names(&parts, &current.parts);
    view! {
        {confirming.then(|| view! {
            <ConfirmPanel title="Delete the backup schedule?" message="No more backups are taken on a schedule. The backups it already made stay at their location and can still be restored." cancel_href="/appliance/backup#schedule">
                <ActionForm action=delete>
                    <button type="submit" class=BUTTON_DANGER autofocus=true data-testid="confirm-delete-schedule">"Delete the schedule"</button>
                </ActionForm>
            </ConfirmPanel>
        })}
        <div data-testid="schedule">
            <div class="mb-3 flex items-center gap-2"><StatusBadge tone word/></div>
            <FieldList>
                <Field label="When" value=schedule_words(&current) test_id="schedule-when"/>
                <Field label="Location" value=current.location.clone() test_id="schedule-location"/>
                <Field label="User" value=if current.location_user.is_empty() { "—".to_string() } else { current.location_user.clone() }/>
                <Field label="Parts" value=names test_id="schedule-parts"/>
                <Field label="Backups kept" value=keep test_id="schedule-keep"/>
            </FieldList>
        </div>
        <div class="mt-4 flex flex-wrap items-end gap-3">
            <ActionForm action=run attr:class="flex flex-wrap items-end gap-2">
                <TextField label="Comment for this run (optional)" name="comment" id="schedule-run-comment"/>
                <button type="submit" class=BUTTON data-testid="schedule-run" disabled=move || run.pending().get()>"Run now"</button>
            </ActionForm>
            <a href="/appliance/backup?schedule=edit#schedule" class=BUTTON_SECONDARY data-testid="schedule-edit">"Edit"</a>
            <a href="/appliance/backup?confirm=delete-schedule#schedule" class=BUTTON_SECONDARY data-testid="schedule-delete">"Delete…"</a>
        </div>
        <FormError value=run.value() test_id="schedule-run-error"/>
        <FormError value=delete.value() test_id="schedule-delete-error"/>
        {editing.then(|| view! { <div class="mt-6 border-t border-slate-200 pt-4 dark:border-slate-700"><ScheduleForm s parts save/></div> })}
    }
    .into_any()
}

/// Part ids as their names ("Inventory and configuration, Stats, Events, and Tasks").
fn part_names(parts: &[PartView], ids: &[String]) -> String {
    ids.iter().map(|id| parts.iter().find(|p| &p.id == id).map(|p| p.name.clone()).unwrap_or_else(|| id.clone())).collect::<Vec<_>>().join(", ")
}

#[component]
fn ScheduleForm(s: Option<ScheduleView>, parts: Vec<PartView>, save: ServerAction<SaveSchedule>) -> impl IntoView {
    let value = save.value();
    let mode = if s.is_some() { "update" } else { "create" };
    let cur = s.clone().unwrap_or(ScheduleView { enable: true, hour: 23, minute: 0, keep: Some(7), parts: parts.iter().filter(|p| p.selected_by_default).map(|p| p.id.clone()).collect(), ..Default::default() });
    let kind_now = location_type_of(&cur.location).unwrap_or("FTPS").to_string();
    let kind = typed(value, "location_type", kind_now);
    let location = typed(value, "location", cur.location.clone());
    let user = typed(value, "location_user", cur.location_user.clone());
    let hour = typed(value, "hour", cur.hour.to_string());
    let minute = typed(value, "minute", cur.minute.to_string());
    let keep = typed(value, "keep", cur.keep.unwrap_or(7).to_string());
    let days = typed(value, "days", cur.days.join(","));
    let chosen = typed(value, "parts", cur.parts.join(","));
    let enable = typed(value, "enable", if cur.enable { "on".into() } else { String::new() });
    let done = Signal::derive(move || save.version().get());
    let password_hint = if s.is_some() { "Leave empty to keep the one the schedule has." } else { "" };
    view! {
        <ActionForm action=save attr:class="space-y-4" attr:data-testid="schedule-form">
            <input type="hidden" name="mode" value=mode/>
            <Fields value test_id="schedule-error">
                <LocationFields prefix="schedule" kind location user done password_hint/>
                <CheckboxGroup legend="Days" name="days" id="schedule-days" options=DAYS.iter().map(|(k, l)| (k.to_string(), l.to_string())).collect()
                    checked=Signal::derive(move || days.get().split(',').filter(|s| !s.is_empty()).map(String::from).collect::<Vec<_>>())
                    hint="None ticked: every day."/>
                <div class="grid grid-cols-3 gap-4">
                    <TextField label="Hour (UTC)" name="hour" id="schedule-hour" value=hour inputmode="numeric" aligned=true/>
                    <TextField label="Minute" name="minute" id="schedule-minute" value=minute inputmode="numeric" aligned=true/>
                    <TextField label="Backups to keep" name="keep" id="schedule-keep-input" value=keep inputmode="numeric" aligned=true/>
                </div>
                <CheckboxGroup legend="Parts" name="parts" id="schedule-parts" options=part_options(&parts)
                    checked=Signal::derive(move || chosen.get().split(',').filter(|s| !s.is_empty()).map(String::from).collect::<Vec<_>>())
                    hint=required_parts(&parts)/>
                <div class="grid grid-cols-1 gap-4 sm:grid-cols-2">
                    <PasswordField label="Encryption password (optional)" name="backup_password" id="schedule-encryption" done/>
                    <PasswordField label="Confirm the encryption password" name="backup_password_confirm" id="schedule-encryption-confirm" done/>
                </div>
                <Checkbox name="enable" id="schedule-enable" label="Enabled" checked=enable/>
            </Fields>
            <div class="flex flex-wrap items-center gap-3">
                <button type="submit" class=BUTTON data-testid="schedule-save" disabled=move || save.pending().get()>
                    {if s.is_some() { "Save the schedule" } else { "Create the schedule" }}
                </button>
                {s.is_some().then(|| view! { <a href="/appliance/backup#schedule" class=LINK>"Cancel"</a> })}
            </div>
        </ActionForm>
    }
}

#[component]
fn History(jobs: Vec<BackupJob>) -> impl IntoView {
    if jobs.is_empty() {
        return view! { <Empty text="No backup has been taken yet."/> }.into_any();
    }
    view! {
        <Table caption="Backup jobs, newest first" headings=vec!["Started", "Type", "Location", "Size", "Duration", "Status", "Message"] test_id="backup-history">
            {jobs.into_iter().map(|j| {
                let (tone, word) = job_badge(&j.status);
                let message = j.error.clone().or_else(|| j.messages.first().cloned()).unwrap_or_default();
                view! {
                    <tr data-testid="backup-row" data-status=j.status.clone()>
                        <td><a class=LINK href=job_href(&j.id)>{j.start.as_deref().map(human_time).unwrap_or_else(|| j.id.clone())}</a></td>
                        <td>{if j.scheduled { "Scheduled" } else { "Manual" }}</td>
                        <td class="break-all">{j.location.clone()}</td>
                        <td>{j.size.map(bytes_label).unwrap_or_else(|| "—".into())}</td>
                        <td>{j.duration.map(|d| human_duration(d as f64)).unwrap_or_default()}</td>
                        <td><StatusBadge tone word/></td>
                        <td>{message}</td>
                    </tr>
                }
            }).collect_view()}
        </Table>
    }
    .into_any()
}

/// One backup job: what it was asked, its live progress while it runs (with Cancel), how it ended.
#[component]
pub fn BackupJobPage() -> impl IntoView {
    let params = use_params_map();
    let cancel = ServerAction::<CancelBackup>::new();
    let id = move || params.with(|p| p.get("id")).unwrap_or_default();
    let job = Resource::new(move || (id(), cancel.version().get()), |(id, _)| get_backup_job(id));
    view! {
        <PageHeader title="Backup job" subtitle="A backup of the appliance: its progress, and how it ended."/>
        <p class="mb-4 text-sm"><a class=LINK href="/appliance/backup">"← Backup"</a></p>
        <Transition fallback=|| view! { <Loading/> }>
            <ErrorBoundary fallback=|errors| view! { <ErrorList errors/> }>
                {move || Suspend::new(async move {
                    job.await.map(|j| match j {
                        Some(j) => view! { <JobView j cancel/> }.into_any(),
                        None => view! { <Empty text="vCenter does not know this backup job."/> }.into_any(),
                    })
                })}
            </ErrorBoundary>
        </Transition>
    }
}

#[component]
fn JobView(j: BackupJob, cancel: ServerAction<CancelBackup>) -> impl IntoView {
    let (tone, word) = job_badge(&j.status);
    let running = j.running();
    let id = j.id.clone();
    view! {
        <Card title=if j.scheduled { "Scheduled backup" } else { "Manual backup" }>
            <div class="mb-3 flex items-center gap-2" data-testid="job-status" data-status=j.status.clone()><StatusBadge tone word/></div>
            {if running {
                view! { <Following source=Source::Backup(j.id.clone()) initial=j.progress() test_id="backup-progress"/> }.into_any()
            } else {
                view! {
                    <ul class="space-y-1 text-sm" data-testid="job-messages">
                        {j.error.clone().map(|e| view! { <li class="text-red-800 dark:text-red-200">{e}</li> })}
                        {j.messages.iter().filter(|m| Some(*m) != j.error.as_ref()).map(|m| view! { <li>{m.clone()}</li> }).collect_view()}
                    </ul>
                }.into_any()
            }}
            <div class="mt-4">
                <FieldList>
                    <Field label="Job" value=j.id.clone()/>
                    <Field label="Location" value=j.location.clone() test_id="job-location"/>
                    <Field label="User" value=if j.location_user.is_empty() { "—".to_string() } else { j.location_user.clone() }/>
                    <Field label="Comment" value=j.comment.clone()/>
                    <Field label="Started" value=j.start.as_deref().map(human_time).unwrap_or_default()/>
                    <Field label="Ended" value=j.end.as_deref().map(human_time).unwrap_or_else(|| "—".into())/>
                    <Field label="Duration" value=j.duration.map(|d| human_duration(d as f64)).unwrap_or_default()/>
                    <Field label="Size" value=j.size.map(bytes_label).unwrap_or_else(|| "—".into()) test_id="job-size"/>
                    <Field label="Started by" value=j.user.clone().unwrap_or_default()/>
                    <Field label="vCenter version" value=j.version.clone().unwrap_or_default()/>
                </FieldList>
            </div>
            {(running && j.cancelable).then(|| view! {
                <ActionForm action=cancel attr:class="mt-4">
                    <input type="hidden" name="id" value=id.clone()/>
                    <button type="submit" class=BUTTON_SECONDARY data-testid="backup-cancel">"Cancel the backup"</button>
                </ActionForm>
            })}
            <FormError value=cancel.value() test_id="cancel-error"/>
        </Card>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_schedule_reads_as_words() {
        let mut s = ScheduleView { hour: 2, minute: 5, ..Default::default() };
        assert_eq!(schedule_words(&s), "Every day at 02:05 UTC");
        s.days = vec!["FRIDAY".into(), "MONDAY".into()];
        assert_eq!(schedule_words(&s), "Mon, Fri at 02:05 UTC");
    }
}
