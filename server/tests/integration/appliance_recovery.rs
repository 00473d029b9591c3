//! `appliance/recovery` through our client against the simulator: validation's findings, a backup job's
//! progress to an archive found later in its folder (and only there), a job to a location that cannot be
//! reached failing with the reason, cancel, one job at a time, the parts and their sizes; the schedule firing on
//! the simulator's clock with its retention; restore (validation's metadata, another version refused, the
//! configuration put back) and the reconciliation after it.

use crate::common;

use app::client::VcSession;
use app::error::VapiErrorKind;
use app::vsphere::models::appliance::recovery::backup::job::BackupRequest as JobRequest;
use app::vsphere::models::appliance::recovery::backup::schedules::{CreateSpec, DayOfWeek, RecurrenceInfo, RetentionInfo, UpdateSpec};
use app::vsphere::models::appliance::recovery::backup::BackupRequest;
use app::vsphere::models::appliance::recovery::reconciliation::job::CreateSpec as ReconcileSpec;
use app::vsphere::models::appliance::recovery::restore::job::RestoreRequest as RestoreJobRequest;
use app::vsphere::models::appliance::recovery::restore::RestoreRequest;
use app::vsphere::models::cis::tagging::{category, tag};
use common::*;
use server::simulator::{SimConfig, SimState};
use std::time::Duration;

const FOLDER: &str = "ftps://backup.corp.local/vcsa";

fn quick() -> SimConfig {
    SimConfig {
        backup_duration: Duration::from_millis(600),
        restore_duration: Duration::from_millis(600),
        reconciliation_duration: Duration::from_millis(300),
        ..SimConfig::default()
    }
}

async fn session(config: SimConfig) -> (VcSession, SimState) {
    let (url, state) = spawn_sim(config).await;
    (client(&url).login(USER, PASSWORD).await.unwrap(), state)
}

fn request(location: &str, password: &str, encryption: Option<&str>) -> JobRequest {
    let kind = location.split("://").next().unwrap().to_ascii_uppercase();
    JobRequest {
        parts: vec!["seat".into()],
        backup_password: encryption.map(str::to_string),
        location_type: kind.parse().unwrap(),
        location: location.into(),
        location_user: Some("backup".into()),
        location_password: Some(password.into()),
        comment: Some("before patching".into()),
    }
}

fn validate_request(r: &JobRequest) -> BackupRequest {
    serde_json::from_value(serde_json::to_value(r).unwrap()).unwrap()
}

/// Reads the job until it ends (10 s at most): every (state, progress) seen and the last status.
async fn follow(s: &VcSession, id: &str) -> Vec<(String, i64)> {
    let deadline = tokio::time::Instant::now() + Duration::from_secs(10);
    let mut seen = Vec::new();
    loop {
        let j = s.appliance_recovery_backup_job_get(id).await.unwrap();
        seen.push((j.state.to_string(), j.progress));
        if j.state.as_str() != "INPROGRESS" {
            return seen;
        }
        assert!(tokio::time::Instant::now() < deadline, "the job did not end: {seen:?}");
        tokio::time::sleep(Duration::from_millis(40)).await;
    }
}

async fn archives(s: &VcSession, location: &str) -> Vec<String> {
    s.appliance_recovery_backup_system_name_archive_list("vcsa-01.corp.local", None, None, None, None, location, Some("backup"), Some("Backup-2018!"))
        .await
        .map(|l| l.into_iter().map(|a| a.archive).collect())
        .unwrap_or_default()
}

#[test]
fn validation_names_each_problem_before_a_job_runs() {
    crate::common::block_on(async {
        let (s, _) = session(quick()).await;
        let ok = s.appliance_recovery_backup_validate(&validate_request(&request(FOLDER, "Backup-2018!", Some("Secret-2026")))).await.unwrap();
        assert_eq!((ok.status.as_str(), ok.messages.len()), ("OK", 0), "{:?}", ok.messages);

        let plain = s.appliance_recovery_backup_validate(&validate_request(&request("ftp://backup.corp.local/vcsa", "Backup-2018!", None))).await.unwrap();
        let texts: Vec<&str> = plain.messages.iter().map(|m| m.default_message.as_str()).collect();
        assert_eq!(plain.status.as_str(), "WARNING");
        assert!(texts.iter().any(|t| t.contains("will not be encrypted")) && texts.iter().any(|t| t.contains("FTP sends the location's password")), "{texts:?}");

        for (location, password, encryption, expect) in [
            ("ftps://nowhere.corp.local/vcsa", "Backup-2018!", None, "Could not resolve host 'nowhere.corp.local'"),
            (FOLDER, "wrong", None, "Authentication failed for user 'backup'"),
            ("nfs://backup.corp.local/vcsa", "Backup-2018!", None, "offers FTP, FTPS, HTTP, HTTPS, SCP"),
            (FOLDER, "Backup-2018!", Some("weak"), "8 to 20 characters"),
        ] {
            let r = s.appliance_recovery_backup_validate(&validate_request(&request(location, password, encryption))).await.unwrap();
            assert_eq!(r.status.as_str(), "FAIL", "{location}");
            assert!(r.messages.iter().any(|m| m.default_message.contains(expect)), "{location}: {:?}", r.messages);
        }
        let mut wrong_type = request(FOLDER, "Backup-2018!", None);
        wrong_type.location_type = "HTTPS".parse().unwrap();
        let r = s.appliance_recovery_backup_validate(&validate_request(&wrong_type)).await.unwrap();
        assert!(r.messages[0].default_message.contains("is a FTPS URL, not HTTPS"), "{:?}", r.messages);

        // Parts: `common` always, `seat` optional; sizes in MB that grow with the inventory.
        let parts = s.appliance_recovery_backup_parts_list().await.unwrap();
        let ids: Vec<(&str, bool)> = parts.iter().map(|p| (p.id.as_str(), p.optional)).collect();
        assert_eq!(ids, [("common", false), ("seat", true)]);
        let seat = s.appliance_recovery_backup_parts_get("seat").await.unwrap();
        assert!(seat > s.appliance_recovery_backup_parts_get("common").await.unwrap());
        assert!(s.appliance_recovery_backup_parts_get("nope").await.unwrap_err().is(VapiErrorKind::Error));
        assert!(s.appliance_recovery_get().await.unwrap().supported);
    });
}

#[test]
fn a_backup_runs_to_an_archive_found_in_its_folder_only() {
    crate::common::block_on(async {
        let (s, _) = session(quick()).await;
        let job = s.appliance_recovery_backup_job_create(&request(FOLDER, "Backup-2018!", Some("Secret-2026"))).await.unwrap();
        assert_eq!(job.state.as_str(), "INPROGRESS");
        let e = s.appliance_recovery_backup_job_create(&request(FOLDER, "Backup-2018!", None)).await.unwrap_err();
        assert!(e.is(VapiErrorKind::Other("feature_in_use".into())), "one job at a time: {e}");
        let seen = follow(&s, &job.id).await;
        assert_eq!(seen.last().unwrap(), &("SUCCEEDED".to_string(), 100));
        assert!(seen.iter().any(|(st, p)| st == "INPROGRESS" && *p > 0 && *p < 100), "progress grows: {seen:?}");

        let details = s.appliance_recovery_backup_job_details_list(&[]).await.unwrap();
        let d = details.get(&job.id).unwrap();
        assert_eq!((d.r#type.as_str(), d.status.as_str(), d.location.as_str(), d.location_user.as_str()), ("MANUAL", "SUCCEEDED", FOLDER, "backup"));
        assert!(d.size.unwrap() > 0 && d.end_time.is_some(), "{d:?}");
        assert_eq!(d.user.as_deref().map(str::to_lowercase).as_deref(), Some("vsphere.local\\administrator"), "the session's user");
        assert_eq!(s.appliance_recovery_backup_job_list().await.unwrap(), vec![job.id.clone()]);

        let names = s.appliance_recovery_backup_system_name_list(FOLDER, Some("backup"), Some("Backup-2018!")).await.unwrap();
        assert_eq!(names, ["vcsa-01.corp.local"]);
        let list = archives(&s, FOLDER).await;
        assert_eq!(list.len(), 1);
        assert!(list[0].starts_with("M_6.7.0.44000_"), "{list:?}");
        let info = s
            .appliance_recovery_backup_system_name_archive_get("vcsa-01.corp.local", &list[0], FOLDER, Some("backup"), Some("Backup-2018!"))
            .await
            .unwrap();
        assert_eq!((info.comment.as_str(), info.parts.clone()), ("before patching", vec!["common".to_string(), "seat".to_string()]));
        assert_eq!(info.location, format!("{FOLDER}/vcsa-01.corp.local/{}", list[0]));
        // Another folder on the same server holds nothing; a wrong password reads nothing.
        assert!(s.appliance_recovery_backup_system_name_list("ftps://backup.corp.local/other", Some("backup"), Some("Backup-2018!")).await.unwrap().is_empty());
        let e = s.appliance_recovery_backup_system_name_list(FOLDER, Some("backup"), Some("wrong")).await.unwrap_err();
        assert!(e.is(VapiErrorKind::Error) && e.to_string().contains("Authentication failed"), "{e}");
        // The archive filters: comment, and the newest N.
        let none = s
            .appliance_recovery_backup_system_name_archive_list("vcsa-01.corp.local", None, None, Some("no such"), None, FOLDER, Some("backup"), Some("Backup-2018!"))
            .await
            .unwrap();
        assert!(none.is_empty());
    });
}

#[test]
fn a_job_to_a_location_it_cannot_reach_fails_with_the_reason_and_a_running_one_cancels() {
    crate::common::block_on(async {
        let (s, _) = session(quick()).await;
        let job = s.appliance_recovery_backup_job_create(&request("scp://nowhere.corp.local/vcsa", "x", None)).await.unwrap();
        let seen = follow(&s, &job.id).await;
        assert_eq!(seen.last().unwrap().0, "FAILED");
        let j = s.appliance_recovery_backup_job_get(&job.id).await.unwrap();
        assert!(j.messages[0].default_message.contains("Could not resolve host 'nowhere.corp.local'"), "{:?}", j.messages);
        let d = s.appliance_recovery_backup_job_details_list(&[job.id.clone()]).await.unwrap();
        assert!(d.get(&job.id).unwrap().error.as_deref().unwrap().contains("Could not resolve"));

        // Refused before it starts: a weak encryption password, an unknown part.
        let e = s.appliance_recovery_backup_job_create(&request(FOLDER, "Backup-2018!", Some("weak"))).await.unwrap_err();
        assert!(e.is(VapiErrorKind::Error) && e.to_string().contains("8 to 20 characters"), "{e}");

        let running = s.appliance_recovery_backup_job_create(&request(FOLDER, "Backup-2018!", None)).await.unwrap();
        let c = s.appliance_recovery_backup_job_cancel(&running.id).await.unwrap();
        assert_eq!(c.status.as_str(), "OK");
        let j = s.appliance_recovery_backup_job_get(&running.id).await.unwrap();
        assert_eq!(j.state.as_str(), "FAILED");
        assert!(j.messages[0].default_message.contains("cancelled"));
        assert_eq!(s.appliance_recovery_backup_job_cancel(&running.id).await.unwrap().status.as_str(), "FAIL", "already ended");
        tokio::time::sleep(Duration::from_millis(800)).await;
        assert!(archives(&s, FOLDER).await.is_empty(), "a cancelled backup writes nothing");
        assert!(s.appliance_recovery_backup_job_get("nope").await.unwrap_err().is(VapiErrorKind::NotFound));
    });
}

fn schedule(hour: i64, minute: i64, keep: i64) -> CreateSpec {
    CreateSpec {
        parts: Some(vec!["common".into()]),
        backup_password: None,
        location: FOLDER.into(),
        location_user: Some("backup".into()),
        location_password: Some("Backup-2018!".into()),
        enable: Some(true),
        recurrence_info: Some(RecurrenceInfo { minute, hour, days: None }),
        retention_info: Some(RetentionInfo { max_count: keep }),
    }
}

#[test]
fn the_schedule_fires_on_the_clock_and_keeps_only_its_last_backups() {
    crate::common::block_on(async {
        let (s, sim) = session(quick()).await;
        let e = s.appliance_recovery_backup_schedules_create("default", &schedule(25, 0, 2)).await.unwrap_err();
        assert!(e.is(VapiErrorKind::InvalidArgument) && e.to_string().contains("0 to 23"), "{e}");
        let e = s.appliance_recovery_backup_schedules_create("nightly", &schedule(1, 0, 2)).await.unwrap_err();
        assert!(e.is(VapiErrorKind::InvalidArgument) && e.to_string().contains("one backup schedule"), "{e}");
        // An hour from now (UTC), every day, keeping 2.
        let at = sim.recovery.now() + time::Duration::hours(1);
        s.appliance_recovery_backup_schedules_create("default", &schedule(at.hour() as i64, at.minute() as i64, 2)).await.unwrap();
        let e = s.appliance_recovery_backup_schedules_create("default", &schedule(1, 0, 2)).await.unwrap_err();
        assert!(e.is(VapiErrorKind::AlreadyExists), "{e}");
        let info = s.appliance_recovery_backup_schedules_get("default").await.unwrap();
        assert_eq!((info.parts.clone(), info.enable, info.retention_info.as_ref().unwrap().max_count), (vec!["common".to_string()], true, 2));
        assert!(s.appliance_recovery_backup_job_list().await.unwrap().is_empty(), "not yet");

        // The clock passes the hour three days running: one backup each day, the oldest deleted.
        for day in 0..3 {
            sim.recovery.advance(Duration::from_secs(if day == 0 { 3_700 } else { 86_400 }));
            let jobs = s.appliance_recovery_backup_job_list().await.unwrap();
            assert_eq!(jobs.len(), day + 1, "day {day}");
            sim.recovery.advance(Duration::from_secs(5));
            let d = s.appliance_recovery_backup_job_details_list(&[]).await.unwrap();
            assert!(d.iter().map(|(_, j)| j).all(|j| j.r#type.as_str() == "SCHEDULED" && j.status.as_str() == "SUCCEEDED"));
        }
        let kept = archives(&s, FOLDER).await;
        assert_eq!(kept.len(), 2, "retention keeps 2: {kept:?}");
        assert!(kept.iter().all(|a| a.starts_with("S_")));

        // Run now: a scheduled backup at once, with its comment; a manual backup is never deleted by retention.
        let run = s.appliance_recovery_backup_schedules_run("default", Some("run now")).await.unwrap();
        sim.recovery.advance(Duration::from_secs(5));
        assert_eq!(follow(&s, &run.id).await.last().unwrap().0, "SUCCEEDED");
        assert_eq!(archives(&s, FOLDER).await.len(), 2);

        // Disabled, it does not fire; the update keeps what it does not name.
        s.appliance_recovery_backup_schedules_update("default", &UpdateSpec { enable: Some(false), ..Default::default() }).await.unwrap();
        sim.recovery.advance(Duration::from_secs(86_400));
        assert_eq!(s.appliance_recovery_backup_job_list().await.unwrap().len(), 4);
        let info = s.appliance_recovery_backup_schedules_get("default").await.unwrap();
        assert!(!info.enable && info.location == FOLDER);
        // Mondays only.
        s.appliance_recovery_backup_schedules_update(
            "default",
            &UpdateSpec { enable: Some(true), recurrence_info: Some(RecurrenceInfo { minute: 0, hour: 2, days: Some(vec![DayOfWeek::Monday]) }), ..Default::default() },
        )
        .await
        .unwrap();
        sim.recovery.advance(Duration::from_secs(7 * 86_400));
        assert_eq!(s.appliance_recovery_backup_job_list().await.unwrap().len(), 5, "one Monday in a week");

        s.appliance_recovery_backup_schedules_delete("default").await.unwrap();
        assert!(s.appliance_recovery_backup_schedules_list().await.unwrap().is_empty());
        assert!(s.appliance_recovery_backup_schedules_delete("default").await.unwrap_err().is(VapiErrorKind::NotFound));
        let e = s.appliance_recovery_backup_schedules_run("default", None).await.unwrap_err();
        assert!(e.is(VapiErrorKind::NotFound), "{e}");
    });
}

fn restore_request(location: &str, encryption: Option<&str>) -> RestoreJobRequest {
    RestoreJobRequest {
        backup_password: encryption.map(str::to_string),
        location_type: "FTPS".parse().unwrap(),
        location: location.into(),
        location_user: Some("backup".into()),
        location_password: Some("Backup-2018!".into()),
        sso_admin_user_name: Some(USER.into()),
        sso_admin_user_password: Some(PASSWORD.into()),
        ignore_warnings: None,
    }
}

fn validate_restore(r: &RestoreJobRequest) -> RestoreRequest {
    serde_json::from_value(serde_json::to_value(r).unwrap()).unwrap()
}

#[test]
fn a_restore_puts_the_backups_configuration_back_then_reconciles() {
    crate::common::block_on(async {
        let (s, sim) = session(quick()).await;
        let cat = s
            .cis_tagging_category_create(&category::CreateSpec {
                name: "Backups".into(),
                description: String::new(),
                cardinality: "SINGLE".parse().unwrap(),
                associable_types: vec![],
                category_id: None,
            })
            .await
            .unwrap();
        s.cis_tagging_tag_create(&tag::CreateSpec { name: "kept".into(), description: String::new(), category_id: cat.clone(), tag_id: None }).await.unwrap();
        let job = s.appliance_recovery_backup_job_create(&request(FOLDER, "Backup-2018!", Some("Secret-2026"))).await.unwrap();
        follow(&s, &job.id).await;
        // Changed after the backup: a tag added.
        s.cis_tagging_tag_create(&tag::CreateSpec { name: "after".into(), description: String::new(), category_id: cat, tag_id: None }).await.unwrap();
        assert_eq!(s.cis_tagging_tag_list().await.unwrap().len(), 2);

        let archive = format!("{FOLDER}/vcsa-01.corp.local/{}", archives(&s, FOLDER).await[0]);
        let e = s.appliance_recovery_restore_validate(&validate_restore(&restore_request(&archive, Some("Wrong-2026!")))).await.unwrap_err();
        assert!(e.is(VapiErrorKind::Error) && e.to_string().contains("encryption password"), "{e}");
        let e = s.appliance_recovery_restore_validate(&validate_restore(&restore_request(&format!("{FOLDER}/vcsa-01.corp.local/M_nope"), None))).await.unwrap_err();
        assert!(e.to_string().contains("No backup was found"), "{e}");
        let meta = s.appliance_recovery_restore_validate(&validate_restore(&restore_request(&archive, Some("Secret-2026")))).await.unwrap();
        assert!(meta.applicable && meta.messages.is_empty() && meta.sso_login_required == Some(true), "{meta:?}");
        assert_eq!((meta.version.as_str(), meta.boxname.as_str()), ("6.7.0.44000", "vcsa-01.corp.local"));

        assert!(s.appliance_recovery_reconciliation_job_get().await.unwrap_err().is(VapiErrorKind::NotFound));
        let e = s.appliance_recovery_reconciliation_job_create(&ReconcileSpec { sso_admin_user_name: Some(USER.into()), sso_admin_user_password: Some(PASSWORD.into()), ignore_warnings: None }).await.unwrap_err();
        assert!(e.is(VapiErrorKind::NotAllowedInCurrentState), "nothing to reconcile yet: {e}");

        let mut wrong_sso = restore_request(&archive, Some("Secret-2026"));
        wrong_sso.sso_admin_user_password = Some("nope".into());
        assert!(s.appliance_recovery_restore_job_create(&wrong_sso).await.unwrap_err().to_string().contains("SSO administrator"));
        assert_eq!(s.appliance_recovery_restore_job_get().await.unwrap().state.as_str(), "NONE");
        let started = s.appliance_recovery_restore_job_create(&restore_request(&archive, Some("Secret-2026"))).await.unwrap();
        assert_eq!(started.state.as_str(), "INPROGRESS");
        let e = s.appliance_recovery_backup_job_create(&request(FOLDER, "Backup-2018!", None)).await.unwrap_err();
        assert!(e.to_string().contains("A restore is in progress"), "{e}");
        sim.recovery.advance(Duration::from_secs(2));
        let done = s.appliance_recovery_restore_job_get().await.unwrap();
        assert_eq!((done.state.as_str(), done.progress), ("SUCCEEDED", 100));
        assert_eq!(s.cis_tagging_tag_list().await.unwrap().len(), 1, "the tag made after the backup is gone");

        let e = s.appliance_recovery_reconciliation_job_create(&ReconcileSpec { sso_admin_user_name: Some(USER.into()), sso_admin_user_password: None, ignore_warnings: None }).await.unwrap_err();
        assert!(e.is(VapiErrorKind::InvalidArgument), "{e}");
        let r = s.appliance_recovery_reconciliation_job_create(&ReconcileSpec { sso_admin_user_name: Some(USER.into()), sso_admin_user_password: Some(PASSWORD.into()), ignore_warnings: None }).await.unwrap();
        assert_eq!(r.status.as_str(), "RUNNING");
        sim.recovery.advance(Duration::from_secs(1));
        let r = s.appliance_recovery_reconciliation_job_get().await.unwrap();
        assert_eq!((r.status.as_str(), r.progress), ("SUCCEEDED", 100));
        let e = s.appliance_recovery_reconciliation_job_create(&ReconcileSpec { sso_admin_user_name: Some(USER.into()), sso_admin_user_password: Some(PASSWORD.into()), ignore_warnings: None }).await.unwrap_err();
        assert!(e.is(VapiErrorKind::NotAllowedInCurrentState), "once per restore: {e}");
    });
}

#[test]
fn an_archive_from_another_version_is_refused_and_a_restore_cancels() {
    crate::common::block_on(async {
        let (s, sim) = session(quick()).await;
        let job = s.appliance_recovery_backup_job_create(&request(FOLDER, "Backup-2018!", None)).await.unwrap();
        follow(&s, &job.id).await;
        let archive = format!("{FOLDER}/vcsa-01.corp.local/{}", archives(&s, FOLDER).await[0]);
        sim.system.set_version("6.7.0.45100", "16708996", "Patch", "2020-09-24");
        let meta = s.appliance_recovery_restore_validate(&validate_restore(&restore_request(&archive, None))).await.unwrap();
        assert!(!meta.applicable && meta.messages[0].default_message.contains("taken on version 6.7.0.44000"), "{meta:?}");
        let e = s.appliance_recovery_restore_job_create(&restore_request(&archive, None)).await.unwrap_err();
        assert!(e.is(VapiErrorKind::NotAllowedInCurrentState), "{e}");

        sim.system.set_version("6.7.0.44000", "16046470", "Patch", "2020-04-28");
        s.appliance_recovery_restore_job_create(&restore_request(&archive, None)).await.unwrap();
        let c = s.appliance_recovery_restore_job_cancel().await.unwrap();
        assert_eq!(c.status.as_str(), "OK");
        let st = s.appliance_recovery_restore_job_get().await.unwrap();
        assert_eq!(st.state.as_str(), "FAILED");
        assert!(st.messages[0].default_message.contains("keeps its configuration"));
        assert_eq!(s.appliance_recovery_restore_job_cancel().await.unwrap().status.as_str(), "FAIL");
        let e = s.appliance_recovery_reconciliation_job_create(&ReconcileSpec { sso_admin_user_name: Some(USER.into()), sso_admin_user_password: Some(PASSWORD.into()), ignore_warnings: None }).await.unwrap_err();
        assert!(e.is(VapiErrorKind::NotAllowedInCurrentState), "a cancelled restore needs no reconciliation: {e}");
    });
}
