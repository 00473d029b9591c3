//! Appliance › Update server functions (`appliance/update`): the state with its task, the policy, pending
//! updates from the configured repository, another URL or the CD-ROM, their details, precheck, validate,
//! stage, install or stage-and-install with the answers an update asks for, the staged update, cancel.
//! The checks here are plain functions, shared with the simulator where vCenter refuses the same input.

use crate::error::AppError;
use crate::vsphere::models::appliance::system::version::VersionStruct;
use crate::vsphere::models::appliance::update::{pending, policy, staged, Info, Summary};
use crate::vsphere::models::appliance::Notifications;
use crate::vsphere::rest::VapiMap;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};
use std::cmp::Ordering;

/// A day of the automatic check's schedule: its API name, label, and the names of its form fields.
#[derive(Clone, Copy, Debug)]
pub struct Day {
    pub api: &'static str,
    pub label: &'static str,
    pub hour: &'static str,
    pub minute: &'static str,
}

const fn day(api: &'static str, label: &'static str, hour: &'static str, minute: &'static str) -> Day {
    Day { api, label, hour, minute }
}

/// The days of the week, in the API's order.
pub const DAYS: [Day; 7] = [
    day("MONDAY", "Monday", "hour.MONDAY", "minute.MONDAY"),
    day("TUESDAY", "Tuesday", "hour.TUESDAY", "minute.TUESDAY"),
    day("WEDNESDAY", "Wednesday", "hour.WEDNESDAY", "minute.WEDNESDAY"),
    day("THURSDAY", "Thursday", "hour.THURSDAY", "minute.THURSDAY"),
    day("FRIDAY", "Friday", "hour.FRIDAY", "minute.FRIDAY"),
    day("SATURDAY", "Saturday", "hour.SATURDAY", "minute.SATURDAY"),
    day("SUNDAY", "Sunday", "hour.SUNDAY", "minute.SUNDAY"),
];

/// Where to look for updates (`source_type`), with the words the page uses.
pub const SOURCES: &[(&str, &str)] = &[
    ("LAST_CHECK", "What the last check found"),
    ("LOCAL_AND_ONLINE", "Check the repository now"),
    ("LOCAL", "CD-ROM only (an update ISO attached to the appliance)"),
];

/// The two ways to install: a staged update, or stage first.
pub const INSTALL_MODES: &[&str] = &["install", "stage-and-install"];

/// The state of the update, the appliance's version and the staged update.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct UpdateStatus {
    pub info: Info,
    pub current: VersionStruct,
    pub staged: Option<staged::Info>,
}

/// The pending updates a check found, and when the last check ran.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PendingUpdates {
    pub updates: Vec<Summary>,
    pub checked_at: Option<String>,
}

/// A stage or an install is running (or rolling back): the page follows it.
/// The update task as a progress display shows it, on the page and in its event stream alike: running while
/// the state is in progress, then succeeded, or failed with the task's error.
impl UpdateStatus {
    pub fn progress(&self) -> crate::jobs::JobProgress {
        use crate::jobs::{JobProgress, JobState};
        let task = self.info.task.as_ref();
        let title = task.map(|t| t.description.default_message.clone()).unwrap_or_else(|| "Update".into());
        let (done, total, step) = match task.and_then(|t| t.progress.as_ref()) {
            Some(p) => (p.completed.max(0) as u64, p.total.max(0) as u64, p.message.default_message.clone()),
            None => (0, 0, String::new()),
        };
        let mut p = JobProgress::running(title, done, total, step);
        if !in_progress(self.info.state.as_str()) {
            let failed = self.info.state.as_str() == "INSTALL_FAILED" || task.is_some_and(|t| t.status.as_str() == "FAILED");
            p.state = if failed { JobState::Failed } else { JobState::Succeeded };
            p.messages.extend(task.and_then(|t| t.error.clone()));
        }
        p
    }
}

pub fn in_progress(state: &str) -> bool {
    matches!(state, "STAGE_IN_PROGRESS" | "INSTALL_IN_PROGRESS" | "ROLLBACK_IN_PROGRESS")
}

/// Compares dotted versions numerically (`6.7.0.9000` < `6.7.0.44000`); a part that is not a number
/// compares as text.
pub fn version_cmp(a: &str, b: &str) -> Ordering {
    let (mut x, mut y) = (a.split('.'), b.split('.'));
    loop {
        match (x.next(), y.next()) {
            (None, None) => return Ordering::Equal,
            (Some(_), None) => return Ordering::Greater,
            (None, Some(_)) => return Ordering::Less,
            (Some(p), Some(q)) => {
                let o = match (p.parse::<u64>(), q.parse::<u64>()) {
                    (Ok(p), Ok(q)) => p.cmp(&q),
                    _ => p.cmp(q),
                };
                if o != Ordering::Equal {
                    return o;
                }
            }
        }
    }
}

/// An update version: numbers separated by dots, as `6.7.0.45100`.
pub fn update_version(s: &str) -> Result<String, AppError> {
    let s = s.trim();
    let parts: Vec<&str> = s.split('.').collect();
    if (2..=5).contains(&parts.len()) && parts.iter().all(|p| !p.is_empty() && p.len() <= 9 && p.chars().all(|c| c.is_ascii_digit())) {
        Ok(s.to_string())
    } else if s.is_empty() {
        Err(AppError::invalid("version", "Choose an update."))
    } else {
        Err(AppError::invalid("version", format!("“{s}” is not an update version (numbers separated by dots, as 6.7.0.45100).")))
    }
}

/// An update repository URL: empty (the default repository) or `https://host[:port]/path` (`http://` too,
/// as vCenter accepts it). Credentials go in their own fields, never in the URL.
pub fn repository_url(s: &str) -> Result<Option<String>, String> {
    let s = s.trim();
    if s.is_empty() {
        return Ok(None);
    }
    let bad = || format!("“{s}” is not an update repository URL: enter https:// (or http://), the host, then the path.");
    let lower = s.to_ascii_lowercase();
    let rest = if lower.starts_with("https://") {
        &s[8..]
    } else if lower.starts_with("http://") {
        &s[7..]
    } else {
        return Err(bad());
    };
    if s.chars().any(|c| c.is_whitespace() || c.is_control()) {
        return Err(bad());
    }
    let authority = rest.split(['/', '?', '#']).next().unwrap_or_default();
    if authority.contains('@') {
        return Err("Put the user name and password in their own fields, not in the URL.".into());
    }
    // [v6 address]:port, host:port, or a host alone.
    let (host, port) = if let Some(v6) = authority.strip_prefix('[') {
        let (addr, after) = v6.split_once(']').ok_or_else(bad)?;
        if !crate::validate::is_ipv6(addr) {
            return Err(bad());
        }
        (None, after.strip_prefix(':'))
    } else {
        match authority.rsplit_once(':') {
            Some((h, p)) => (Some(h), Some(p)),
            None => (Some(authority), None),
        }
    };
    if let Some(h) = host {
        crate::validate::host(h).map_err(|_| bad())?;
    }
    if let Some(p) = port {
        crate::validate::port(p).map_err(|m| format!("The repository URL's port: {m}"))?;
    }
    Ok(Some(s.to_string()))
}

/// One time of the check's schedule: hour 0–23, minute 0–59, whole numbers; `day` names it in messages.
pub fn schedule_time(day: &str, hour: &str, minute: &str) -> Result<(i64, i64), AppError> {
    let (h, m) = (hour.trim(), minute.trim());
    let hour = match h.parse::<i64>() {
        Ok(v) if (0..=23).contains(&v) => v,
        _ if h.is_empty() => return Err(AppError::invalid("schedule", format!("{day}: enter the hour of the check (0 to 23)."))),
        _ => return Err(AppError::invalid("schedule", format!("{day}: the hour must be a whole number from 0 to 23; “{h}” was given."))),
    };
    let minute = match m.parse::<i64>() {
        Ok(v) if (0..=59).contains(&v) => v,
        _ if m.is_empty() => return Err(AppError::invalid("schedule", format!("{day}: enter the minute of the check (0 to 59)."))),
        _ => return Err(AppError::invalid("schedule", format!("{day}: the minute must be a whole number from 0 to 59; “{m}” was given."))),
    };
    Ok((hour, minute))
}

/// The check's schedule from the form: the days ticked (API names), and the hour and minute typed on each
/// of the seven rows (in [`DAYS`] order). No day ticked: no automatic check.
pub fn check_schedule(days: &[String], hours: &[String], minutes: &[String]) -> Result<Vec<policy::Time>, AppError> {
    if let Some(bad) = days.iter().find(|d| !DAYS.iter().any(|x| x.api == d.as_str())) {
        return Err(AppError::invalid("schedule", format!("“{bad}” is not a day of the week.")));
    }
    let mut out = Vec::new();
    for (i, d) in DAYS.iter().enumerate() {
        if days.iter().any(|x| x == d.api) {
            let h = hours.get(i).map(String::as_str).unwrap_or_default();
            let m = minutes.get(i).map(String::as_str).unwrap_or_default();
            let (hour, minute) = schedule_time(d.label, h, m)?;
            out.push(policy::Time { day: d.api.parse().unwrap_or_else(|never| match never {}), hour, minute });
        }
    }
    Ok(out)
}

/// The repository's account: a password needs a user name, and a user name a custom repository. An empty
/// password keeps the one saved.
pub fn repository_credentials(url: Option<&str>, username: &str, password: &str) -> Result<(Option<String>, Option<String>), AppError> {
    let (user, pass) = (username.trim(), password);
    if user.is_empty() && !pass.is_empty() {
        return Err(AppError::invalid("username", "Enter the user name that goes with the password."));
    }
    if !user.is_empty() && url.is_none() {
        return Err(AppError::invalid("username", "A user name is for a custom repository: enter its URL, or leave the user name empty."));
    }
    if user.chars().any(|c| c.is_whitespace() || c.is_control()) {
        return Err(AppError::invalid("username", "The user name cannot contain spaces."));
    }
    Ok(((!user.is_empty()).then(|| user.to_string()), (!pass.is_empty()).then(|| pass.to_string())))
}

/// The whole policy from the form, checked.
pub fn policy_config(custom_url: &str, username: &str, password: &str, auto_stage: bool, days: &[String], hours: &[String], minutes: &[String]) -> Result<policy::Config, AppError> {
    let url = repository_url(custom_url).map_err(|m| AppError::invalid("custom_url", m))?;
    let (username, password) = repository_credentials(url.as_deref(), username, password)?;
    let check_schedule = check_schedule(days, hours, minutes)?;
    Ok(policy::Config { custom_url: url, username, password, check_schedule, auto_stage })
}

/// `LAST_CHECK` (also for an empty choice), `LOCAL` or `LOCAL_AND_ONLINE`.
pub fn source_type(s: &str) -> Result<&'static str, AppError> {
    let s = s.trim();
    if s.is_empty() {
        return Ok("LAST_CHECK");
    }
    SOURCES.iter().map(|(v, _)| *v).find(|v| *v == s).ok_or_else(|| AppError::invalid("source", "Choose where to look for updates."))
}

/// `install` or `stage-and-install`.
pub fn install_mode(s: &str) -> Result<&'static str, AppError> {
    INSTALL_MODES.iter().copied().find(|m| *m == s).ok_or_else(|| AppError::invalid("mode", "Choose Install or Stage and install."))
}

/// The answers to an update's questions (`user_data`): every question needs an answer.
pub fn user_data(keys: &[String], values: &[String]) -> Result<VapiMap<String, String>, AppError> {
    if keys.len() != values.len() || keys.iter().any(|k| k.trim().is_empty()) {
        return Err(AppError::invalid("values", "The answers do not match the update's questions; open the update again."));
    }
    if let Some((k, _)) = keys.iter().zip(values).find(|(_, v)| v.is_empty()) {
        return Err(AppError::invalid(&answer_field(k), "Answer this question: it cannot be left empty."));
    }
    Ok(keys.iter().cloned().zip(values.iter().cloned()).collect())
}

/// The field a refused answer is shown at: the question's own (`answer:<data item>`).
pub fn answer_field(key: &str) -> String {
    format!("answer:{key}")
}

/// Installing means accepting the update's license agreement.
pub fn eula_accepted(accepted: bool) -> Result<(), AppError> {
    if accepted {
        Ok(())
    } else {
        Err(AppError::invalid("accept_eula", "Accept the end user license agreement to install the update."))
    }
}

#[cfg(any(feature = "ssr", test))]
/// The answers as typed, to show again after a refusal: passwords are never sent back.
fn typed_answers(keys: &[String], kinds: &[String], values: &[String]) -> Vec<(String, String)> {
    keys.iter()
        .zip(values)
        .enumerate()
        .filter(|(i, _)| kinds.get(*i).map(String::as_str) != Some("PASSWORD"))
        .map(|(_, (k, v))| (answer_field(k), v.clone()))
        .collect()
}

/// The update state and task, the appliance's version, and the staged update, if any.
#[server(prefix = "/api", endpoint = "appliance/update")]
pub async fn get_update_status() -> Result<UpdateStatus, AppError> {
    use crate::error::VapiErrorKind;
    crate::api::ssr::with_vc(|vc| async move {
        let (info, current, staged) = tokio::join!(vc.appliance_update_get(), vc.appliance_system_version_get(), vc.appliance_update_staged_get());
        let staged = match staged {
            Ok(s) => Some(s),
            Err(e) if e.is(VapiErrorKind::NotAllowedInCurrentState) => None,
            Err(e) => return Err(e),
        };
        Ok(UpdateStatus { info: info?, current: current?, staged })
    })
    .await
}

#[server(prefix = "/api", endpoint = "appliance/update/policy")]
pub async fn get_update_policy() -> Result<policy::Info, AppError> {
    crate::api::ssr::with_vc(|vc| async move { vc.appliance_update_policy_get().await }).await
}

/// The update policy form: the repository and its account, automatic staging, and the days checked with an
/// hour and minute for each day of the week (`hours[]` and `minutes[]` in [`DAYS`] order).
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
pub struct PolicyForm {
    #[serde(default)]
    pub custom_url: String,
    #[serde(default)]
    pub username: String,
    #[serde(default)]
    pub password: String,
    pub auto_stage: Option<String>,
    #[serde(default)]
    pub days: Vec<String>,
    #[serde(default)]
    pub hours: Vec<String>,
    #[serde(default)]
    pub minutes: Vec<String>,
}

impl PolicyForm {
    /// The form as typed, each day's hour and minute under that day's own field name (the password never).
    pub fn typed(&self) -> Vec<(String, String)> {
        let mut typed = vec![
            ("custom_url".to_string(), self.custom_url.clone()),
            ("username".to_string(), self.username.clone()),
            ("auto_stage".to_string(), if self.auto_stage.is_some() { "on".into() } else { String::new() }),
            ("days".to_string(), self.days.join(",")),
        ];
        for (i, d) in DAYS.iter().enumerate() {
            typed.push((d.hour.to_string(), self.hours.get(i).cloned().unwrap_or_default()));
            typed.push((d.minute.to_string(), self.minutes.get(i).cloned().unwrap_or_default()));
        }
        typed
    }
}

/// Saves the policy; refused input comes back with the form as typed (the password excepted).
#[server(prefix = "/api", endpoint = "appliance/update/policy/set")]
pub async fn set_update_policy(#[server(flatten)] form: PolicyForm) -> Result<(), AppError> {
    let typed = form.typed();
    let keep = |e: AppError| e.with_typed(typed.clone());
    let f = &form;
    let config = policy_config(&f.custom_url, &f.username, &f.password, f.auto_stage.is_some(), &f.days, &f.hours, &f.minutes).map_err(keep)?;
    crate::api::ssr::with_vc(|vc| async move { vc.appliance_update_policy_set(&config).await }).await.map_err(keep)
}

#[cfg(feature = "ssr")]
mod ssr {
    use super::*;
    use crate::client::VcSession;

    /// The pending list from `source`, with the time of the last check (read after it: the check's own).
    pub async fn pending(vc: &VcSession, source: &str, url: Option<&str>) -> Result<PendingUpdates, AppError> {
        let updates = vc.appliance_update_pending_list(source, url).await?;
        let checked_at = vc.appliance_update_get().await?.latest_query_time;
        Ok(PendingUpdates { updates, checked_at })
    }
}

/// What the last check found (`LAST_CHECK`: the appliance reads its own record, contacting nobody), and when
/// it ran: what the page shows on every load.
#[server(prefix = "/api", endpoint = "appliance/update/pending")]
pub async fn last_checked_updates() -> Result<PendingUpdates, AppError> {
    crate::api::ssr::with_vc(|vc| async move { ssr::pending(&vc, "LAST_CHECK", None).await }).await
}

/// A check for updates as the page shows it after the form's POST: where it looked, and what it found.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PendingCheck {
    pub source: String,
    pub url: String,
    pub found: PendingUpdates,
}

/// Checks for updates now: the CD-ROM (`LOCAL`), or the repository too (`LOCAL_AND_ONLINE`, the configured one
/// or `url`). A POST, since the appliance contacts the repository: what it found is kept for the page the
/// form returns to (and becomes the last check's list).
#[server(prefix = "/api", endpoint = "appliance/update/pending/check")]
pub async fn check_updates(source: String, url: String) -> Result<(), AppError> {
    let keep = |e: AppError| e.with_input(&[("source", source.as_str()), ("url", url.as_str())]);
    let s = source_type(&source).map_err(keep)?;
    if s == "LAST_CHECK" {
        return Err(keep(AppError::invalid("source", "Choose the CD-ROM or the repository to check.")));
    }
    let u = repository_url(&url).map_err(|m| keep(AppError::invalid("url", m)))?;
    if u.is_some() && s != "LOCAL_AND_ONLINE" {
        return Err(keep(AppError::invalid("url", "A repository URL is checked with “Check the repository now”.")));
    }
    let found = crate::api::ssr::with_vc(|vc| async move { ssr::pending(&vc, s, u.as_deref()).await }).await.map_err(keep)?;
    let check = PendingCheck { source: s.to_string(), url: url.trim().to_string(), found };
    crate::api::ssr::keep_result(<CheckUpdates as leptos::server_fn::ServerFn>::PATH, &check)
}

#[server(prefix = "/api", endpoint = "appliance/update/pending/get")]
pub async fn get_pending_update(version: String) -> Result<pending::Info, AppError> {
    let version = update_version(&version)?;
    crate::api::ssr::with_vc(|vc| async move { vc.appliance_update_pending_get(&version).await }).await
}

/// Where a pre-update check's result is kept: one per update version.
pub fn precheck_key(version: &str) -> String {
    format!("{}:{version}", <RunUpdatePrecheck as leptos::server_fn::ServerFn>::PATH)
}

/// Runs the pre-update checks (issues, estimates, and the questions the install asks). A POST: the appliance
/// checks the update against itself and its repository. The result is kept for this session, one per version
/// (the confirmation of an install reads it: the questions it asks), and the form goes to `next`: the
/// update's page with the checks (`""`), or the confirmation of `install` or `stage-and-install`.
#[server(prefix = "/api", endpoint = "appliance/update/pending/precheck")]
pub async fn run_update_precheck(version: String, next: String) -> Result<(), AppError> {
    let version = update_version(&version)?;
    let then = match next.as_str() {
        "" => "&precheck=1",
        "install" => "&confirm=install",
        "stage-and-install" => "&confirm=stage-and-install",
        _ => return Err(AppError::invalid("next", "Choose where to go after the checks.")),
    };
    let v = version.clone();
    let r = crate::api::ssr::with_vc(|vc| async move { vc.appliance_update_pending_precheck(&v).await }).await?;
    crate::api::ssr::keep_result(&precheck_key(&version), &r)?;
    leptos_axum::redirect(&format!("{}{then}", detail_href(&version)));
    Ok(())
}

/// The pre-update checks of `version` run in this session (see [`run_update_precheck`]), while fresh. A read.
#[server(prefix = "/api", endpoint = "appliance/update/pending/precheck/kept")]
pub async fn kept_precheck(version: String) -> Result<Option<pending::PrecheckResult>, AppError> {
    let version = update_version(&version)?;
    crate::api::kept(precheck_key(&version)).await
}

/// Checks the answers with vCenter. Errors it finds refuse the form (kept as typed, passwords excepted);
/// otherwise the page says the answers are valid (`?validated=1`), with any warnings.
/// The answers to an update's questions: `keys[]`, `kinds[]` and `values[]` in the same order (a kind of
/// `PASSWORD` marks an answer never sent back); the install form adds the mode and the license box.
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
pub struct AnswersForm {
    pub version: String,
    #[serde(default)]
    pub mode: String,
    pub accept_eula: Option<String>,
    #[serde(default)]
    pub keys: Vec<String>,
    #[serde(default)]
    pub kinds: Vec<String>,
    #[serde(default)]
    pub values: Vec<String>,
}

#[server(prefix = "/api", endpoint = "appliance/update/pending/validate")]
pub async fn validate_update(#[server(flatten)] form: AnswersForm) -> Result<Notifications, AppError> {
    let mut typed = typed_answers(&form.keys, &form.kinds, &form.values);
    typed.push(("version".into(), form.version.clone()));
    let keep = |e: AppError| e.with_typed(typed.clone());
    let version = update_version(&form.version).map_err(keep)?;
    let data = user_data(&form.keys, &form.values).map_err(keep)?;
    let v = version.clone();
    let issues = crate::api::ssr::with_vc(|vc| async move { vc.appliance_update_pending_validate(&v, &data).await }).await.map_err(keep)?;
    let errors: Vec<String> = issues.errors.iter().flatten().map(|n| n.message.default_message.clone()).collect();
    if !errors.is_empty() {
        // With one question, vCenter's fault is with its answer; with more, it is said for the form.
        let field = match form.keys.as_slice() {
            [only] => answer_field(only),
            _ => "values".to_string(),
        };
        return Err(keep(AppError::invalid(&field, errors.join(" "))));
    }
    let warned = issues.warnings.as_ref().is_some_and(|w| !w.is_empty());
    leptos_axum::redirect(&format!("{}&precheck=1&validated={}", detail_href(&version), if warned { "warnings" } else { "1" }));
    Ok(issues)
}

/// The page of one pending update.
pub fn detail_href(version: &str) -> String {
    format!("/appliance/update?version={}", crate::vsphere::rest::encode_component(version))
}

/// Starts staging; the page then follows its progress.
#[server(prefix = "/api", endpoint = "appliance/update/pending/stage")]
pub async fn stage_update(version: String) -> Result<(), AppError> {
    let version = update_version(&version)?;
    let v = version.clone();
    crate::api::ssr::with_vc(|vc| async move { vc.appliance_update_pending_stage(&v).await }).await?;
    leptos_axum::redirect(&detail_href(&version));
    Ok(())
}

/// Starts the install (`install`: of the staged update; `stage-and-install`: staging first) with the
/// answers to the update's questions, once the license is accepted.
#[server(prefix = "/api", endpoint = "appliance/update/pending/install")]
pub async fn install_update(#[server(flatten)] form: AnswersForm) -> Result<(), AppError> {
    let mut typed = typed_answers(&form.keys, &form.kinds, &form.values);
    typed.push(("accept_eula".into(), if form.accept_eula.is_some() { "on".into() } else { String::new() }));
    let keep = |e: AppError| e.with_typed(typed.clone());
    let version = update_version(&form.version).map_err(keep)?;
    let mode = install_mode(&form.mode).map_err(keep)?;
    eula_accepted(form.accept_eula.is_some()).map_err(keep)?;
    let data = user_data(&form.keys, &form.values).map_err(keep)?;
    crate::api::ssr::with_vc(|vc| async move {
        match mode {
            "install" => vc.appliance_update_pending_install(&version, &data).await,
            _ => vc.appliance_update_pending_stage_and_install(&version, &data).await,
        }
    })
    .await
    .map_err(keep)?;
    leptos_axum::redirect("/appliance/update");
    Ok(())
}

#[server(prefix = "/api", endpoint = "appliance/update/staged/delete")]
pub async fn delete_staged_update() -> Result<(), AppError> {
    crate::api::ssr::with_vc(|vc| async move { vc.appliance_update_staged_delete().await }).await?;
    leptos_axum::redirect("/appliance/update");
    Ok(())
}

#[server(prefix = "/api", endpoint = "appliance/update/cancel")]
pub async fn cancel_update() -> Result<(), AppError> {
    crate::api::ssr::with_vc(|vc| async move { vc.appliance_update_cancel().await }).await
}

#[cfg(test)]
mod tests {
    use super::*;

    fn s(v: &[&str]) -> Vec<String> {
        v.iter().map(|x| x.to_string()).collect()
    }

    #[test]
    fn versions_compare_as_numbers() {
        assert_eq!(version_cmp("6.7.0.45100", "6.7.0.44000"), Ordering::Greater);
        assert_eq!(version_cmp("6.7.0.9000", "6.7.0.44000"), Ordering::Less);
        assert_eq!(version_cmp("7.0.0.10100", "6.7.0.46000"), Ordering::Greater);
        assert_eq!(version_cmp("6.7.0", "6.7.0.1"), Ordering::Less);
        assert_eq!(version_cmp("6.7.0.44000", "6.7.0.44000"), Ordering::Equal);
    }

    #[test]
    fn update_versions_are_dotted_numbers() {
        assert_eq!(update_version(" 6.7.0.45100 ").unwrap(), "6.7.0.45100");
        assert!(update_version("").unwrap_err().to_string().contains("Choose an update"));
        for bad in ["6.7.0.x", "6..7", "../etc", "6.7.0.45100/x", "6", "1.2.3.4.5.6"] {
            assert!(update_version(bad).unwrap_err().to_string().contains("not an update version"), "{bad}");
        }
    }

    #[test]
    fn repository_urls_are_http_urls_with_a_host() {
        assert_eq!(repository_url("  ").unwrap(), None, "empty: the default repository");
        assert_eq!(repository_url(" https://updates.corp.local/vcsa/6.7 ").unwrap().as_deref(), Some("https://updates.corp.local/vcsa/6.7"));
        assert!(repository_url("http://10.0.0.5:8080/repo").is_ok());
        assert!(repository_url("HTTPS://[2001:db8::5]/repo").is_ok());
        assert!(repository_url("https://mirror.example.com").is_ok());
        for bad in ["ftp://mirror.example.com/repo", "mirror.example.com/repo", "https://", "https:///path", "https://bad host/x", "https://under_score.local/", "https://[zz::1]/"] {
            assert!(repository_url(bad).unwrap_err().contains("not an update repository URL"), "{bad}");
        }
        assert!(repository_url("https://u:p@mirror.example.com/").unwrap_err().contains("their own fields"));
        assert!(repository_url("https://mirror.example.com:99999/").unwrap_err().contains("port"));
    }

    #[test]
    fn schedule_times_are_checked() {
        assert_eq!(schedule_time("Monday", "0", "0").unwrap(), (0, 0));
        assert_eq!(schedule_time("Monday", " 23 ", "59").unwrap(), (23, 59));
        let e = schedule_time("Monday", "24", "0").unwrap_err().to_string();
        assert!(e.starts_with("Monday:") && e.contains("0 to 23") && e.contains("“24”"), "{e}");
        assert!(schedule_time("Friday", "3", "75").unwrap_err().to_string().contains("minute must be a whole number from 0 to 59; “75”"));
        assert!(schedule_time("Friday", "3", "").unwrap_err().to_string().contains("enter the minute"));
        assert!(schedule_time("Friday", "", "5").unwrap_err().to_string().contains("enter the hour"));
        assert!(schedule_time("Friday", "2.5", "5").is_err());
    }

    #[test]
    fn the_schedule_takes_the_ticked_days_in_order() {
        let hours = s(&["1", "", "", "", "", "", "23"]);
        let minutes = s(&["5", "", "", "", "", "", "30"]);
        let t = check_schedule(&s(&["SUNDAY", "MONDAY"]), &hours, &minutes).unwrap();
        assert_eq!(t.len(), 2);
        assert_eq!((t[0].day.as_str(), t[0].hour, t[0].minute), ("MONDAY", 1, 5));
        assert_eq!((t[1].day.as_str(), t[1].hour, t[1].minute), ("SUNDAY", 23, 30));
        assert!(check_schedule(&[], &hours, &minutes).unwrap().is_empty(), "no day: no automatic check");
        assert!(check_schedule(&s(&["TUESDAY"]), &hours, &minutes).unwrap_err().to_string().starts_with("Tuesday:"), "a ticked day needs a time");
        assert!(check_schedule(&s(&["FUNDAY"]), &hours, &minutes).unwrap_err().to_string().contains("not a day of the week"));
    }

    #[test]
    fn repository_credentials_go_together() {
        assert_eq!(repository_credentials(None, "", "").unwrap(), (None, None));
        assert_eq!(repository_credentials(Some("https://m.local/"), " mirror ", "s3cret").unwrap(), (Some("mirror".into()), Some("s3cret".into())));
        assert_eq!(repository_credentials(Some("https://m.local/"), "mirror", "").unwrap().1, None, "an empty password keeps the saved one");
        assert!(repository_credentials(Some("https://m.local/"), "", "s3cret").unwrap_err().to_string().contains("user name that goes with"));
        assert!(repository_credentials(None, "mirror", "").unwrap_err().to_string().contains("custom repository"));
        assert!(repository_credentials(Some("https://m.local/"), "a b", "").is_err());
    }

    #[test]
    fn a_policy_is_checked_field_by_field() {
        let none = vec![String::new(); 7];
        let c = policy_config("https://updates.corp.local/vcsa/6.7", "mirror", "pw", true, &s(&["WEDNESDAY"]), &s(&["", "", "4", "", "", "", ""]), &s(&["", "", "15", "", "", "", ""])).unwrap();
        assert_eq!(c.custom_url.as_deref(), Some("https://updates.corp.local/vcsa/6.7"));
        assert!(c.auto_stage);
        assert_eq!(c.check_schedule.len(), 1);
        let c = policy_config("", "", "", false, &[], &none, &none).unwrap();
        assert_eq!((c.custom_url, c.username, c.check_schedule.len()), (None, None, 0));
        assert_eq!(policy_config("not a url", "", "", false, &[], &none, &none).unwrap_err().invalid_field(), Some("custom_url"));
        let e = policy_config("", "", "", false, &s(&["MONDAY"]), &s(&["25", "", "", "", "", "", ""]), &none).unwrap_err();
        assert_eq!(e.invalid_field(), Some("schedule"));
        assert!(e.to_string().starts_with("Monday: the hour must be a whole number from 0 to 23"), "{e}");
    }

    #[test]
    fn sources_modes_and_the_license() {
        assert_eq!(source_type("").unwrap(), "LAST_CHECK");
        assert_eq!(source_type("LOCAL_AND_ONLINE").unwrap(), "LOCAL_AND_ONLINE");
        assert!(source_type("EVERYWHERE").is_err());
        assert_eq!(install_mode("stage-and-install").unwrap(), "stage-and-install");
        assert!(install_mode("reinstall").is_err());
        assert!(eula_accepted(true).is_ok());
        assert!(eula_accepted(false).unwrap_err().to_string().contains("license agreement"));
    }

    #[test]
    fn every_question_needs_an_answer() {
        let m = user_data(&s(&["vmdir.password"]), &s(&["VMware1!"])).unwrap();
        assert_eq!(m.get(&"vmdir.password".to_string()).map(String::as_str), Some("VMware1!"));
        assert!(user_data(&[], &[]).unwrap().is_empty());
        let empty = user_data(&s(&["vmdir.password"]), &s(&[""])).unwrap_err();
        assert_eq!(empty.field_message("answer:vmdir.password").as_deref(), Some("Answer this question: it cannot be left empty."), "said at the question's own field");
        assert!(user_data(&s(&["a", "b"]), &s(&["1"])).unwrap_err().to_string().contains("do not match"));
    }

    #[test]
    fn passwords_are_not_sent_back() {
        let t = typed_answers(&s(&["vmdir.password", "site"]), &s(&["PASSWORD", "PLAIN_TEXT"]), &s(&["secret", "east"]));
        assert_eq!(t, vec![("answer:site".to_string(), "east".to_string())]);
    }

    #[test]
    fn progress_states() {
        assert!(in_progress("STAGE_IN_PROGRESS") && in_progress("INSTALL_IN_PROGRESS") && in_progress("ROLLBACK_IN_PROGRESS"));
        assert!(!in_progress("UP_TO_DATE") && !in_progress("UPDATES_PENDING") && !in_progress("INSTALL_FAILED"));
    }
}
