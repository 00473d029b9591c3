//! Backup server functions (`appliance/recovery`): the backup parts with their sizes, a backup now (checked
//! here, then validated by vCenter: its failures refuse the form, its warnings are shown for the user's word
//! before the job starts), the jobs' history and one job's progress, cancel; the schedule (create, update,
//! enable / disable, run now, delete).

use crate::error::AppError;
use crate::jobs::{JobProgress, JobState};
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

/// The location types, as the API lists them, with the URL scheme each takes.
pub const LOCATION_TYPES: &[(&str, &str)] = &[("FTPS", "ftps"), ("HTTPS", "https"), ("SCP", "scp"), ("FTP", "ftp"), ("HTTP", "http"), ("NFS", "nfs"), ("SMB", "smb")];
/// The longest comment the console sends.
pub const MAX_COMMENT: usize = 256;
/// Days of the week, as the API names them, with their labels.
pub const DAYS: &[(&str, &str)] =
    &[("MONDAY", "Mon"), ("TUESDAY", "Tue"), ("WEDNESDAY", "Wed"), ("THURSDAY", "Thu"), ("FRIDAY", "Fri"), ("SATURDAY", "Sat"), ("SUNDAY", "Sun")];
/// The one schedule the appliance keeps.
pub const SCHEDULE: &str = "default";

/// The location type, one of the API's.
pub fn location_type(kind: &str) -> Result<&'static str, AppError> {
    LOCATION_TYPES
        .iter()
        .find(|(k, _)| *k == kind.trim())
        .map(|(k, _)| *k)
        .ok_or_else(|| AppError::invalid("location_type", "Choose a location type: FTPS, HTTPS, SCP, FTP, HTTP, NFS or SMB."))
}

/// The location type a URL's scheme names, when it is one of the API's (`ftps://…` → FTPS).
pub fn location_type_of(url: &str) -> Option<&'static str> {
    let scheme = url.split_once("://")?.0;
    LOCATION_TYPES.iter().find(|(_, s)| s.eq_ignore_ascii_case(scheme)).map(|(k, _)| *k)
}

/// The location URL: it begins with the type's scheme and names a server and a folder on it.
pub fn backup_location(kind: &str, location: &str) -> Result<String, AppError> {
    let scheme = LOCATION_TYPES.iter().find(|(k, _)| *k == kind).map(|(_, s)| *s).unwrap_or("ftps");
    let l = location.trim().trim_end_matches('/');
    let example = format!("{scheme}://backup.example.com/vcsa");
    let Some((given, rest)) = l.split_once("://") else {
        return Err(AppError::invalid("location", format!("Enter the location as a URL: the server and the folder on it, such as {example}.")));
    };
    if !given.eq_ignore_ascii_case(scheme) {
        return Err(AppError::invalid("location", format!("A {kind} location begins with {scheme}:// (such as {example}); choose the type that matches {given}://.")));
    }
    match rest.split_once('/') {
        Some((host, path)) if !host.is_empty() && !path.trim_matches('/').is_empty() && !host.contains(char::is_whitespace) => Ok(l.to_string()),
        _ => Err(AppError::invalid("location", format!("Name the server and a folder on it, such as {example}."))),
    }
}

/// The appliance's rule for an encryption password (8 to 20 characters: a lower-case letter, an upper-case
/// letter, a digit and a special character), typed twice alike. Both empty: no encryption.
pub fn encryption_password(password: &str, confirm: &str) -> Result<Option<String>, AppError> {
    if password.is_empty() && confirm.is_empty() {
        return Ok(None);
    }
    let n = password.chars().count();
    let strong = (8..=20).contains(&n)
        && password.chars().any(|c| c.is_ascii_lowercase())
        && password.chars().any(|c| c.is_ascii_uppercase())
        && password.chars().any(|c| c.is_ascii_digit())
        && password.chars().any(|c| !c.is_ascii_alphanumeric());
    if !strong {
        return Err(AppError::invalid(
            "backup_password",
            "The encryption password must be 8 to 20 characters with at least one lower-case letter, one upper-case letter, one digit and one special character.",
        ));
    }
    if password != confirm {
        return Err(AppError::invalid("backup_password_confirm", "The two encryption passwords differ: type the same password twice."));
    }
    Ok(Some(password.to_string()))
}

pub fn backup_comment(comment: &str) -> Result<String, AppError> {
    let c = comment.trim();
    let n = c.chars().count();
    if n > MAX_COMMENT {
        return Err(AppError::invalid("comment", format!("The comment is {n} characters long; at most {MAX_COMMENT} are allowed.")));
    }
    Ok(c.to_string())
}

/// A backup part as the form offers it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PartView {
    pub id: String,
    pub name: String,
    pub description: String,
    pub optional: bool,
    pub selected_by_default: bool,
    /// Megabytes, as vCenter estimates them.
    pub size_mb: Option<i64>,
}

/// The parts with their sizes.
#[server(prefix = "/api", endpoint = "appliance/recovery/backup/parts")]
pub async fn get_backup_parts() -> Result<Vec<PartView>, AppError> {
    crate::api::ssr::with_vc(|vc| async move {
        let parts = vc.appliance_recovery_backup_parts_list().await?;
        let sizes = futures::future::join_all(parts.iter().map(|p| vc.appliance_recovery_backup_parts_get(&p.id))).await;
        Ok(parts
            .into_iter()
            .zip(sizes)
            .map(|(p, size)| PartView {
                id: p.id,
                name: p.name.default_message,
                description: p.description.default_message,
                optional: p.optional,
                selected_by_default: p.selected_by_default,
                size_mb: size.ok(),
            })
            .collect())
    })
    .await
}

/// Whether the appliance supports file-based backup and restore (`appliance/recovery`).
#[server(prefix = "/api", endpoint = "appliance/recovery")]
pub async fn get_recovery_supported() -> Result<bool, AppError> {
    crate::api::ssr::with_vc(|vc| async move { Ok(vc.appliance_recovery_get().await?.supported) }).await
}

/// Backup at a glance, for the Summary: supported, the newest job, the schedule, the restore's state.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct BackupOverview {
    pub supported: bool,
    pub last: Option<BackupJob>,
    pub schedule: Option<ScheduleView>,
    /// `NONE`, `INPROGRESS`, `SUCCEEDED`, `FAILED`.
    pub restore: String,
}

#[server(prefix = "/api", endpoint = "appliance/recovery/overview")]
pub async fn get_backup_overview() -> Result<BackupOverview, AppError> {
    let (supported, jobs, schedule, restore) = futures::join!(get_recovery_supported(), list_backup_jobs(), get_schedule(), get_restore());
    Ok(BackupOverview { supported: supported?, last: jobs?.into_iter().next(), schedule: schedule?, restore: restore?.state })
}

/// The Back up now form. `acknowledged`: the user has read vCenter's warnings and goes on (the passwords then
/// come from the console session, where the first submission kept them, when the form sends none).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct BackupForm {
    #[serde(default)]
    pub location_type: String,
    #[serde(default)]
    pub location: String,
    #[serde(default)]
    pub location_user: String,
    #[serde(default)]
    pub location_password: String,
    #[serde(default)]
    pub parts: Vec<String>,
    #[serde(default)]
    pub backup_password: String,
    #[serde(default)]
    pub backup_password_confirm: String,
    #[serde(default)]
    pub comment: String,
    #[serde(default)]
    pub acknowledged: String,
}

/// vCenter's warnings about a backup the user has not yet agreed to, with the form as typed (no passwords).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct PendingBackup {
    pub form: BackupForm,
    pub warnings: Vec<String>,
}

/// The page of one backup job.
pub fn job_href(id: &str) -> String {
    format!("/appliance/backup/jobs/{}", crate::vsphere::rest::encode_component(id))
}

#[cfg(feature = "ssr")]
const KEPT_LOCATION_PASSWORD: &str = "backup/location_password";
#[cfg(feature = "ssr")]
const KEPT_ENCRYPTION: &str = "backup/backup_password";

/// Starts a backup: checked here, validated by vCenter (its failures refuse the form with its reasons; its
/// warnings come back to the page for the user's word, unless already acknowledged), then the job is created
/// and the browser goes to its page.
#[server(prefix = "/api", endpoint = "appliance/recovery/backup/job")]
pub async fn start_backup(#[server(flatten)] form: BackupForm) -> Result<(), AppError> {
    use crate::api::ssr::{keep_result, keep_secret, kept_secret, with_vc};
    use crate::vsphere::models::appliance::recovery::backup::{job, BackupRequest};
    let keep = |e: AppError| e.with_form(&form);
    let acknowledged = form.acknowledged == "1";
    let kind = location_type(&form.location_type).map_err(keep)?;
    let location = backup_location(kind, &form.location).map_err(keep)?;
    let (mut location_password, mut encryption, mut confirm) = (form.location_password.clone(), form.backup_password.clone(), form.backup_password_confirm.clone());
    if acknowledged && location_password.is_empty() && encryption.is_empty() {
        location_password = kept_secret(KEPT_LOCATION_PASSWORD).unwrap_or_default();
        encryption = kept_secret(KEPT_ENCRYPTION).unwrap_or_default();
        confirm = encryption.clone();
    }
    let encryption = encryption_password(&encryption, &confirm).map_err(keep)?;
    let comment = backup_comment(&form.comment).map_err(keep)?;
    let some = |s: &str| (!s.trim().is_empty()).then(|| s.trim().to_string());
    let request = job::BackupRequest {
        parts: form.parts.iter().filter(|p| !p.is_empty()).cloned().collect(),
        backup_password: encryption.clone(),
        location_type: kind.parse().unwrap_or_else(|e| match e {}),
        location,
        location_user: some(&form.location_user),
        location_password: (!location_password.is_empty()).then(|| location_password.clone()),
        comment: Some(comment),
    };
    let check: BackupRequest = serde_json::from_value(serde_json::to_value(&request).map_err(|e| AppError::Internal(e.to_string()))?)
        .map_err(|e| AppError::Internal(e.to_string()))?;
    let r = with_vc(|vc| async move { vc.appliance_recovery_backup_validate(&check).await }).await.map_err(keep)?;
    let messages: Vec<crate::error::VapiMessage> =
        r.messages.iter().map(|m| crate::error::VapiMessage { id: m.id.clone(), default_message: m.default_message.clone(), args: m.args.clone() }).collect();
    match r.status.as_str() {
        "FAIL" => return Err(keep(AppError::Vapi { kind: crate::error::VapiErrorKind::Error, status: 400, messages })),
        "WARNING" if !acknowledged => {
            keep_secret(KEPT_LOCATION_PASSWORD, &location_password)?;
            keep_secret(KEPT_ENCRYPTION, encryption.as_deref().unwrap_or(""))?;
            let mut kept = form.clone();
            kept.location_password.clear();
            kept.backup_password.clear();
            kept.backup_password_confirm.clear();
            let pending = PendingBackup { form: kept, warnings: messages.into_iter().map(|m| m.default_message).collect() };
            keep_result(<StartBackup as leptos::server_fn::ServerFn>::PATH, &pending)?;
            leptos_axum::redirect(&format!("/appliance/backup?done={}", crate::vsphere::rest::encode_component(<StartBackup as leptos::server_fn::ServerFn>::PATH)));
            return Ok(());
        }
        _ => {}
    }
    let job = with_vc(|vc| async move { vc.appliance_recovery_backup_job_create(&request).await }).await.map_err(keep)?;
    leptos_axum::redirect(&job_href(&job.id));
    Ok(())
}

/// One backup job as the history and its page show it.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct BackupJob {
    pub id: String,
    pub scheduled: bool,
    pub location: String,
    pub location_user: String,
    /// Bytes, once it succeeded.
    pub size: Option<i64>,
    /// Seconds it ran (so far).
    pub duration: Option<i64>,
    /// `RUNNING`, `SUCCEEDED`, `FAILED` (vCenter's task status).
    pub status: String,
    pub percent: i64,
    pub messages: Vec<String>,
    pub error: Option<String>,
    pub comment: String,
    pub start: Option<String>,
    pub end: Option<String>,
    pub user: Option<String>,
    pub version: Option<String>,
    pub cancelable: bool,
}

impl BackupJob {
    pub fn running(&self) -> bool {
        !matches!(self.status.as_str(), "SUCCEEDED" | "FAILED")
    }

    /// As a progress display shows it, on the page and in its event stream alike.
    pub fn progress(&self) -> JobProgress {
        JobProgress {
            title: if self.scheduled { "Scheduled backup".into() } else { "Backup".into() },
            state: match self.status.as_str() {
                "SUCCEEDED" => JobState::Succeeded,
                "FAILED" => JobState::Failed,
                _ => JobState::Running,
            },
            done: self.percent.clamp(0, 100) as u64,
            total: 100,
            step: if self.running() { self.messages.first().cloned().unwrap_or_default() } else { String::new() },
            messages: if self.status == "FAILED" { self.messages.clone() } else { vec![] },
        }
    }
}

#[cfg(feature = "ssr")]
fn backup_job(id: String, d: crate::vsphere::models::appliance::recovery::backup::job::details::Info) -> BackupJob {
    BackupJob {
        id,
        scheduled: d.r#type.as_str() == "SCHEDULED",
        location: d.location,
        location_user: d.location_user,
        size: d.size,
        duration: d.duration,
        status: d.status.as_str().to_string(),
        percent: d.progress.as_ref().map(|p| if p.total > 0 { p.completed * 100 / p.total } else { p.completed }).unwrap_or(0),
        messages: d.messages.into_iter().map(|m| m.default_message).filter(|m| !m.is_empty()).collect(),
        error: d.error,
        comment: d.description.default_message,
        start: d.start_time,
        end: d.end_time,
        user: d.user,
        version: d.build.map(|b| b.version),
        cancelable: d.cancelable,
    }
}

/// How many of the newest jobs the backup page shows (vCenter keeps every job; their ids start with the time
/// they started, `20181001-120000-…`, so the newest sort last).
pub const NEWEST_JOBS: usize = 50;

/// The ids of the [`NEWEST_JOBS`] newest jobs, newest first.
pub fn newest_jobs(mut ids: Vec<String>) -> Vec<String> {
    ids.sort_by(|a, b| b.cmp(a));
    ids.truncate(NEWEST_JOBS);
    ids
}

/// The newest backup jobs vCenter remembers (their ids listed, then the details of the newest only), newest
/// first.
#[server(prefix = "/api", endpoint = "appliance/recovery/backup/job/details")]
pub async fn list_backup_jobs() -> Result<Vec<BackupJob>, AppError> {
    let details = crate::api::ssr::with_vc(|vc| async move {
        let ids = newest_jobs(vc.appliance_recovery_backup_job_list().await?);
        if ids.is_empty() {
            return Ok(Default::default());
        }
        vc.appliance_recovery_backup_job_details_list(&ids).await
    })
    .await?;
    let mut jobs: Vec<BackupJob> = details.0.into_iter().map(|(id, d)| backup_job(id, d)).collect();
    jobs.sort_by(|a, b| b.start.cmp(&a.start).then(b.id.cmp(&a.id)));
    Ok(jobs)
}

/// One job, or None when vCenter does not know it.
#[server(prefix = "/api", endpoint = "appliance/recovery/backup/job/one")]
pub async fn get_backup_job(id: String) -> Result<Option<BackupJob>, AppError> {
    let wanted = vec![id.clone()];
    let details = crate::api::ssr::with_vc(|vc| async move { vc.appliance_recovery_backup_job_details_list(&wanted).await }).await?;
    Ok(details.0.into_iter().find(|(k, _)| *k == id).map(|(k, d)| backup_job(k, d)))
}

/// Cancels a running backup job; the browser stays on its page, which shows it ended.
#[server(prefix = "/api", endpoint = "appliance/recovery/backup/job/cancel")]
pub async fn cancel_backup(id: String) -> Result<(), AppError> {
    let job = id.clone();
    let r = crate::api::ssr::with_vc(|vc| async move {
        // A job that has ended meanwhile (another admin cancelled it, or it finished) is said so, not cancelled.
        let now = vc.appliance_recovery_backup_job_get(&job).await?;
        if !matches!(now.state.as_str(), "INPROGRESS" | "NONE") {
            return Err(AppError::Refused(format!("The backup job has already ended ({}): there is nothing to cancel.", now.state.as_str().to_lowercase())));
        }
        vc.appliance_recovery_backup_job_cancel(&job).await
    })
    .await?;
    if r.status.as_str() == "FAIL" {
        let why = r.messages.first().map(|m| m.default_message.clone()).unwrap_or_else(|| "vCenter did not cancel the job.".into());
        return Err(AppError::Refused(why));
    }
    leptos_axum::redirect(&job_href(&id));
    Ok(())
}

/// The schedule as its card shows it.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct ScheduleView {
    pub location: String,
    pub location_user: String,
    pub enable: bool,
    pub parts: Vec<String>,
    pub days: Vec<String>,
    pub hour: i64,
    pub minute: i64,
    pub keep: Option<i64>,
}

/// The schedule, if there is one.
#[server(prefix = "/api", endpoint = "appliance/recovery/backup/schedules")]
pub async fn get_schedule() -> Result<Option<ScheduleView>, AppError> {
    let all = crate::api::ssr::with_vc(|vc| async move { vc.appliance_recovery_backup_schedules_list().await }).await?;
    Ok(all.0.into_iter().next().map(|(_, s)| {
        let r = s.recurrence_info.clone();
        ScheduleView {
            location: s.location,
            location_user: s.location_user.unwrap_or_default(),
            enable: s.enable,
            parts: s.parts,
            days: r.as_ref().and_then(|r| r.days.clone()).unwrap_or_default().iter().map(|d| d.as_str().to_string()).collect(),
            hour: r.as_ref().map(|r| r.hour).unwrap_or(0),
            minute: r.as_ref().map(|r| r.minute).unwrap_or(0),
            keep: s.retention_info.map(|r| r.max_count),
        }
    }))
}

/// The schedule form (create and edit alike). The passwords, left empty on an edit, are left as they are.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct ScheduleForm {
    /// `create` or `update`.
    #[serde(default)]
    pub mode: String,
    #[serde(default)]
    pub location_type: String,
    #[serde(default)]
    pub location: String,
    #[serde(default)]
    pub location_user: String,
    #[serde(default)]
    pub location_password: String,
    #[serde(default)]
    pub parts: Vec<String>,
    #[serde(default)]
    pub backup_password: String,
    #[serde(default)]
    pub backup_password_confirm: String,
    #[serde(default)]
    pub days: Vec<String>,
    #[serde(default)]
    pub hour: String,
    #[serde(default)]
    pub minute: String,
    #[serde(default)]
    pub keep: String,
    pub enable: Option<String>,
}

/// A number in a range, for `field`.
pub fn number_in(field: &str, value: &str, lo: i64, hi: i64, what: &str) -> Result<i64, AppError> {
    match value.trim().parse::<i64>() {
        Ok(n) if (lo..=hi).contains(&n) => Ok(n),
        _ => Err(AppError::invalid(field, format!("Enter {what} from {lo} to {hi}."))),
    }
}

/// The days chosen, each one of the API's; none chosen: every day.
pub fn schedule_days(days: &[String]) -> Result<Vec<String>, AppError> {
    let days: Vec<String> = days.iter().filter(|d| !d.is_empty()).cloned().collect();
    if let Some(bad) = days.iter().find(|d| !DAYS.iter().any(|(k, _)| k == *d)) {
        return Err(AppError::invalid("days", format!("'{bad}' is not a day of the week.")));
    }
    Ok(days)
}

/// Creates or updates the schedule; the page shows it saved.
#[server(prefix = "/api", endpoint = "appliance/recovery/backup/schedules/save")]
pub async fn save_schedule(#[server(flatten)] form: ScheduleForm) -> Result<(), AppError> {
    use crate::vsphere::models::appliance::recovery::backup::schedules::{CreateSpec, RecurrenceInfo, RetentionInfo, UpdateSpec};
    let keep = |e: AppError| e.with_form(&form);
    let kind = location_type(&form.location_type).map_err(keep)?;
    let location = backup_location(kind, &form.location).map_err(keep)?;
    let days = schedule_days(&form.days).map_err(keep)?;
    let hour = number_in("hour", &form.hour, 0, 23, "the hour (UTC)").map_err(keep)?;
    let minute = number_in("minute", &form.minute, 0, 59, "the minute").map_err(keep)?;
    let max_count = number_in("keep", &form.keep, 1, 999, "how many backups to keep").map_err(keep)?;
    let encryption = encryption_password(&form.backup_password, &form.backup_password_confirm).map_err(keep)?;
    let recurrence = RecurrenceInfo { minute, hour, days: (!days.is_empty()).then(|| days.iter().map(|d| d.parse().unwrap_or_else(|e| match e {})).collect()) };
    let some = |s: &str| (!s.trim().is_empty()).then(|| s.trim().to_string());
    let parts: Vec<String> = form.parts.iter().filter(|p| !p.is_empty()).cloned().collect();
    let enable = form.enable.is_some();
    let (user, password) = (some(&form.location_user), (!form.location_password.is_empty()).then(|| form.location_password.clone()));
    crate::api::ssr::with_vc(|vc| async move {
        // Created or updated as vCenter has it now (another admin may have made or deleted it since the page
        // was read), whatever the form was for.
        let create = match vc.appliance_recovery_backup_schedules_get(SCHEDULE).await {
            Ok(_) => false,
            Err(e) if e.is(crate::error::VapiErrorKind::NotFound) => true,
            Err(e) => return Err(e),
        };
        if create {
            let spec = CreateSpec {
                parts: Some(parts),
                backup_password: encryption,
                location,
                location_user: user,
                location_password: password,
                enable: Some(enable),
                recurrence_info: Some(recurrence),
                retention_info: Some(RetentionInfo { max_count }),
            };
            vc.appliance_recovery_backup_schedules_create(SCHEDULE, &spec).await
        } else {
            let spec = UpdateSpec {
                parts: Some(parts),
                backup_password: encryption,
                location: Some(location),
                location_user: Some(user.unwrap_or_default()),
                location_password: password,
                enable: Some(enable),
                recurrence_info: Some(recurrence),
                retention_info: Some(RetentionInfo { max_count }),
            };
            vc.appliance_recovery_backup_schedules_update(SCHEDULE, &spec).await
        }
    })
    .await
    .map_err(keep)?;
    leptos_axum::redirect("/appliance/backup?result=schedule-saved#schedule");
    Ok(())
}

/// Runs the schedule's backup now; the browser goes to the job's page.
#[server(prefix = "/api", endpoint = "appliance/recovery/backup/schedules/run")]
pub async fn run_schedule(comment: String) -> Result<(), AppError> {
    let comment = backup_comment(&comment)?;
    let job = crate::api::ssr::with_vc(|vc| async move { vc.appliance_recovery_backup_schedules_run(SCHEDULE, (!comment.is_empty()).then_some(comment.as_str())).await }).await?;
    leptos_axum::redirect(&job_href(&job.id));
    Ok(())
}

/// Deletes the schedule (after the page's confirmation); the archives it made stay where they are.
#[server(prefix = "/api", endpoint = "appliance/recovery/backup/schedules/delete")]
pub async fn delete_schedule() -> Result<(), AppError> {
    crate::api::ssr::with_vc(|vc| async move { vc.appliance_recovery_backup_schedules_delete(SCHEDULE).await }).await?;
    leptos_axum::redirect("/appliance/backup?result=schedule-deleted#schedule");
    Ok(())
}

/// A location to list backups from (the Restore page's first form).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct BrowseForm {
    #[serde(default)]
    pub location_type: String,
    #[serde(default)]
    pub location: String,
    #[serde(default)]
    pub location_user: String,
    #[serde(default)]
    pub location_password: String,
}

/// One backup found at a location.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct ArchiveRow {
    pub system: String,
    pub archive: String,
    pub timestamp: String,
    pub version: String,
    pub comment: String,
    /// The parts it holds (from the archive's own information).
    pub parts: Vec<String>,
    /// Its whole URL, as a restore names it.
    pub url: String,
}

/// What a location held when it was listed (kept for the page; no password).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Browsed {
    pub location_type: String,
    pub location: String,
    pub location_user: String,
    pub archives: Vec<ArchiveRow>,
}

/// The most archives listed per system.
pub const MAX_ARCHIVES: i64 = 50;

#[cfg(feature = "ssr")]
const KEPT_RESTORE_PASSWORD: &str = "restore/location_password";
#[cfg(feature = "ssr")]
const KEPT_RESTORE_ENCRYPTION: &str = "restore/backup_password";

/// Lists the system names at a location and each one's newest archives (vCenter contacts the file server:
/// a POST); the Restore page shows them.
#[server(prefix = "/api", endpoint = "appliance/recovery/backup/system-name")]
pub async fn browse_archives(#[server(flatten)] form: BrowseForm) -> Result<(), AppError> {
    use crate::api::ssr::{keep_result, keep_secret, with_vc};
    let keep = |e: AppError| e.with_form(&form);
    let kind = location_type(&form.location_type).map_err(keep)?;
    let location = backup_location(kind, &form.location).map_err(keep)?;
    let user = (!form.location_user.trim().is_empty()).then(|| form.location_user.trim().to_string());
    let password = (!form.location_password.is_empty()).then(|| form.location_password.clone());
    let (l, u, p) = (location.clone(), user.clone(), password.clone());
    let archives = with_vc(|vc| async move {
        let mut rows = Vec::new();
        for system in vc.appliance_recovery_backup_system_name_list(&l, u.as_deref(), p.as_deref()).await? {
            let list = vc
                .appliance_recovery_backup_system_name_archive_list(&system, None, None, None, Some(MAX_ARCHIVES), &l, u.as_deref(), p.as_deref())
                .await?;
            // Each archive's parts, read together.
            let infos = futures::future::join_all(
                list.iter().map(|a| vc.appliance_recovery_backup_system_name_archive_get(&system, &a.archive, &l, u.as_deref(), p.as_deref())),
            )
            .await;
            rows.extend(list.into_iter().zip(infos).map(|(a, info)| ArchiveRow {
                url: format!("{l}/{system}/{}", a.archive),
                system: system.clone(),
                archive: a.archive,
                timestamp: a.timestamp,
                version: a.version,
                comment: a.comment,
                parts: info.map(|i| i.parts).unwrap_or_default(),
            }));
        }
        Ok(rows)
    })
    .await
    .map_err(keep)?;
    keep_secret(KEPT_RESTORE_PASSWORD, &form.location_password)?;
    let browsed = Browsed { location_type: kind.to_string(), location, location_user: user.unwrap_or_default(), archives };
    keep_result(<BrowseArchives as leptos::server_fn::ServerFn>::PATH, &browsed)?;
    leptos_axum::redirect("/appliance/restore");
    Ok(())
}

/// The backups the last listing found, while fresh.
pub async fn browsed() -> Result<Option<Browsed>, AppError> {
    crate::api::kept(<BrowseArchives as leptos::server_fn::ServerFn>::PATH.to_string()).await
}

/// The restore page of one archive.
pub fn archive_href(url: &str) -> String {
    format!("/appliance/restore?archive={}", crate::vsphere::rest::encode_component(url))
}

/// Validates an archive for a restore: its encryption password, and what vCenter says of it (its metadata:
/// version, parts, whether it applies to this appliance, and its warnings). The location's password is the one
/// the listing kept.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct CheckRestoreForm {
    #[serde(default)]
    pub location_type: String,
    /// The archive's URL.
    #[serde(default)]
    pub location: String,
    #[serde(default)]
    pub location_user: String,
    #[serde(default)]
    pub backup_password: String,
}

/// vCenter's word on an archive (kept for the page).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct CheckedArchive {
    pub location_type: String,
    pub url: String,
    pub location_user: String,
    pub timestamp: String,
    pub version: String,
    pub system: String,
    pub parts: Vec<String>,
    pub comment: String,
    pub applicable: bool,
    pub sso_required: bool,
    pub messages: Vec<String>,
}

#[server(prefix = "/api", endpoint = "appliance/recovery/restore/validate")]
pub async fn check_restore(#[server(flatten)] form: CheckRestoreForm) -> Result<(), AppError> {
    use crate::api::ssr::{keep_result, keep_secret, kept_secret, with_vc};
    use crate::vsphere::models::appliance::recovery::restore::RestoreRequest;
    let keep = |e: AppError| e.with_form(&form);
    let kind = location_type(&form.location_type).map_err(keep)?;
    let url = backup_location(kind, &form.location).map_err(keep)?;
    let password = kept_secret(KEPT_RESTORE_PASSWORD).filter(|p| !p.is_empty());
    let user = (!form.location_user.trim().is_empty()).then(|| form.location_user.trim().to_string());
    let request = RestoreRequest {
        backup_password: (!form.backup_password.is_empty()).then(|| form.backup_password.clone()),
        location_type: kind.parse().unwrap_or_else(|e| match e {}),
        location: url.clone(),
        location_user: user.clone(),
        location_password: password,
        sso_admin_user_name: None,
        sso_admin_user_password: None,
    };
    let m = with_vc(|vc| async move { vc.appliance_recovery_restore_validate(&request).await }).await.map_err(keep)?;
    keep_secret(KEPT_RESTORE_ENCRYPTION, &form.backup_password)?;
    let checked = CheckedArchive {
        location_type: kind.to_string(),
        url: url.clone(),
        location_user: user.unwrap_or_default(),
        timestamp: m.timestamp,
        version: m.version,
        system: m.boxname,
        parts: m.parts,
        comment: m.comment,
        applicable: m.applicable,
        sso_required: m.sso_login_required.unwrap_or(false),
        messages: m.messages.into_iter().map(|x| x.default_message).collect(),
    };
    keep_result(<CheckRestore as leptos::server_fn::ServerFn>::PATH, &checked)?;
    leptos_axum::redirect(&format!("{}&checked=1", archive_href(&url)));
    Ok(())
}

/// The last archive checked, while fresh.
pub async fn checked_archive() -> Result<Option<CheckedArchive>, AppError> {
    crate::api::kept(<CheckRestore as leptos::server_fn::ServerFn>::PATH.to_string()).await
}

/// Starts the restore of the archive last checked, with the SSO administrator's account; the browser goes to
/// the Restore page, which follows the job.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct RestoreForm {
    #[serde(default)]
    pub location: String,
    #[serde(default)]
    pub sso_user: String,
    #[serde(default)]
    pub sso_password: String,
    pub ignore_warnings: Option<String>,
}

#[server(prefix = "/api", endpoint = "appliance/recovery/restore/job")]
pub async fn start_restore(#[server(flatten)] form: RestoreForm) -> Result<(), AppError> {
    use crate::api::ssr::{kept_secret, with_vc};
    use crate::vsphere::models::appliance::recovery::restore::job::RestoreRequest;
    let keep = |e: AppError| e.with_form(&form);
    let checked = checked_archive()
        .await?
        .filter(|c| c.url == form.location)
        .ok_or_else(|| keep(AppError::invalid("location", "Check the backup again before restoring it (the check is kept a few minutes).")))?;
    if checked.sso_required && form.sso_user.trim().is_empty() {
        return Err(keep(AppError::invalid("sso_user", "Enter the SSO administrator's user name: the restore asks for it.")));
    }
    if checked.sso_required && form.sso_password.is_empty() {
        return Err(keep(AppError::invalid("sso_password", "Enter the SSO administrator's password.")));
    }
    let request = RestoreRequest {
        backup_password: kept_secret(KEPT_RESTORE_ENCRYPTION).filter(|p| !p.is_empty()),
        location_type: checked.location_type.parse().unwrap_or_else(|e| match e {}),
        location: checked.url.clone(),
        location_user: (!checked.location_user.is_empty()).then(|| checked.location_user.clone()),
        location_password: kept_secret(KEPT_RESTORE_PASSWORD).filter(|p| !p.is_empty()),
        sso_admin_user_name: (!form.sso_user.trim().is_empty()).then(|| form.sso_user.trim().to_string()),
        sso_admin_user_password: (!form.sso_password.is_empty()).then(|| form.sso_password.clone()),
        ignore_warnings: Some(form.ignore_warnings.is_some()),
    };
    with_vc(|vc| async move { vc.appliance_recovery_restore_job_create(&request).await }).await.map_err(keep)?;
    leptos_axum::redirect("/appliance/restore");
    Ok(())
}

/// The restore job as the page shows it.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct RestoreView {
    /// `NONE`, `INPROGRESS`, `SUCCEEDED`, `FAILED`.
    pub state: String,
    pub percent: i64,
    pub messages: Vec<String>,
}

impl RestoreView {
    pub fn progress(&self) -> JobProgress {
        JobProgress {
            title: "Restore".into(),
            state: match self.state.as_str() {
                "INPROGRESS" => JobState::Running,
                "FAILED" => JobState::Failed,
                _ => JobState::Succeeded,
            },
            done: self.percent.clamp(0, 100) as u64,
            total: 100,
            step: if self.state == "INPROGRESS" { self.messages.first().cloned().unwrap_or_default() } else { String::new() },
            messages: if self.state == "FAILED" { self.messages.clone() } else { vec![] },
        }
    }
}

#[server(prefix = "/api", endpoint = "appliance/recovery/restore/job/get")]
pub async fn get_restore() -> Result<RestoreView, AppError> {
    let r = crate::api::ssr::with_vc(|vc| async move { vc.appliance_recovery_restore_job_get().await }).await?;
    Ok(RestoreView { state: r.state.as_str().to_string(), percent: r.progress, messages: r.messages.into_iter().map(|m| m.default_message).collect() })
}

#[server(prefix = "/api", endpoint = "appliance/recovery/restore/job/cancel")]
pub async fn cancel_restore() -> Result<(), AppError> {
    let r = crate::api::ssr::with_vc(|vc| async move { vc.appliance_recovery_restore_job_cancel().await }).await?;
    if r.status.as_str() == "FAIL" {
        return Err(AppError::Refused(r.messages.first().map(|m| m.default_message.clone()).unwrap_or_else(|| "vCenter did not cancel the restore.".into())));
    }
    leptos_axum::redirect("/appliance/restore");
    Ok(())
}

/// The reconciliation after a restore.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct ReconcileView {
    /// `NONE`, `RUNNING`, `SUCCEEDED`, `FAILED`.
    pub status: String,
    pub percent: i64,
    pub messages: Vec<String>,
    pub error: Option<String>,
}

impl ReconcileView {
    pub fn progress(&self) -> JobProgress {
        JobProgress {
            title: "Reconciliation".into(),
            state: match self.status.as_str() {
                "RUNNING" | "NONE" => JobState::Running,
                "FAILED" => JobState::Failed,
                _ => JobState::Succeeded,
            },
            done: self.percent.clamp(0, 100) as u64,
            total: 100,
            step: self.messages.first().cloned().unwrap_or_default(),
            messages: self.error.clone().into_iter().collect(),
        }
    }
}

/// The reconciliation job, or None when none has run.
#[server(prefix = "/api", endpoint = "appliance/recovery/reconciliation/job/get")]
pub async fn get_reconciliation() -> Result<Option<ReconcileView>, AppError> {
    let r = crate::api::ssr::with_vc(|vc| async move { vc.appliance_recovery_reconciliation_job_get().await }).await;
    match r {
        Ok(r) => Ok(Some(ReconcileView {
            status: r.status.as_str().to_string(),
            percent: r.progress,
            messages: r.messages.into_iter().map(|m| m.default_message).collect(),
            error: r.error,
        })),
        Err(e) if e.is(crate::error::VapiErrorKind::NotFound) => Ok(None),
        Err(e) => Err(e),
    }
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct ReconcileForm {
    #[serde(default)]
    pub sso_user: String,
    #[serde(default)]
    pub sso_password: String,
}

#[server(prefix = "/api", endpoint = "appliance/recovery/reconciliation/job")]
pub async fn start_reconciliation(#[server(flatten)] form: ReconcileForm) -> Result<(), AppError> {
    use crate::vsphere::models::appliance::recovery::reconciliation::job::CreateSpec;
    let keep = |e: AppError| e.with_form(&form);
    if form.sso_user.trim().is_empty() {
        return Err(keep(AppError::invalid("sso_user", "Enter the SSO administrator's user name.")));
    }
    if form.sso_password.is_empty() {
        return Err(keep(AppError::invalid("sso_password", "Enter the SSO administrator's password.")));
    }
    let spec = CreateSpec { sso_admin_user_name: Some(form.sso_user.trim().to_string()), sso_admin_user_password: Some(form.sso_password.clone()), ignore_warnings: None };
    crate::api::ssr::with_vc(|vc| async move { vc.appliance_recovery_reconciliation_job_create(&spec).await }).await.map_err(keep)?;
    leptos_axum::redirect("/appliance/restore");
    Ok(())
}

/// A size in bytes as people read it.
pub fn bytes_label(n: i64) -> String {
    const UNITS: &[&str] = &["B", "KB", "MB", "GB", "TB"];
    let mut v = n as f64;
    let mut u = 0;
    while v >= 1024.0 && u + 1 < UNITS.len() {
        v /= 1024.0;
        u += 1;
    }
    if u == 0 {
        format!("{n} B")
    } else {
        format!("{v:.1} {}", UNITS[u])
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_backup_form_is_checked_before_anything_is_sent() {
        assert_eq!(location_type("SMB").unwrap(), "SMB");
        assert_eq!(location_type("SFTP").unwrap_err().invalid_field(), Some("location_type"));
        assert_eq!(backup_location("FTPS", " ftps://backup.corp.local/vcsa/ ").unwrap(), "ftps://backup.corp.local/vcsa");
        for bad in ["backup.corp.local/vcsa", "https://backup.corp.local/vcsa", "ftps://backup.corp.local", "ftps:///vcsa"] {
            let e = backup_location("FTPS", bad).unwrap_err();
            assert_eq!(e.invalid_field(), Some("location"), "{bad}");
        }
        assert!(backup_location("FTPS", "https://x/y").unwrap_err().to_string().contains("begins with ftps://"));
        assert_eq!(encryption_password("", "").unwrap(), None);
        assert_eq!(encryption_password("Secret-2026", "Secret-2026").unwrap().as_deref(), Some("Secret-2026"));
        assert_eq!(encryption_password("secret", "secret").unwrap_err().invalid_field(), Some("backup_password"));
        assert_eq!(encryption_password("Secret-2026", "Secret-2027").unwrap_err().invalid_field(), Some("backup_password_confirm"));
        assert_eq!(backup_comment(&"x".repeat(300)).unwrap_err().invalid_field(), Some("comment"));
        assert_eq!(number_in("hour", "24", 0, 23, "the hour").unwrap_err().invalid_field(), Some("hour"));
        assert_eq!(schedule_days(&["FUNDAY".into()]).unwrap_err().invalid_field(), Some("days"));
        assert_eq!(bytes_label(1_572_864), "1.5 MB");
        assert_eq!(location_type_of("scp://backup.corp.local/x"), Some("SCP"));
        assert_eq!(location_type_of("sftp://backup.corp.local/x"), None);
    }
}
