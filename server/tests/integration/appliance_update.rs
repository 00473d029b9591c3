//! `appliance/update` through our client against the simulator: the pending updates of the default
//! repository and of a custom URL, the policy and its checks, stage then install with progress that grows
//! and a new appliance version at the end, stage-and-install with the user data an update asks for, cancel,
//! an install that fails and rolls back, and each refusal (not staged, missing user data, busy, unknown
//! version, already installed). Then the console's Update page over HTTP, without JavaScript.

use crate::common;

use app::client::VcSession;
use app::error::VapiErrorKind;
use app::vsphere::models::appliance::update::{policy, Info};
use app::vsphere::rest::VapiMap;
use common::console::Console;
use common::*;
use server::simulator::appliance::update::{MIRROR_URL, VMDIR_PASSWORD};
use server::simulator::SimConfig;
use std::time::Duration;

fn quick() -> SimConfig {
    SimConfig { update_stage: Duration::from_millis(800), update_install: Duration::from_millis(1200), ..SimConfig::default() }
}

async fn session(config: SimConfig) -> VcSession {
    let (url, _) = spawn_sim(config).await;
    client(&url).login(USER, PASSWORD).await.unwrap()
}

fn answers(pairs: &[(&str, &str)]) -> VapiMap<String, String> {
    pairs.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect()
}

fn none() -> VapiMap<String, String> {
    VapiMap::default()
}

/// Reads `get` until `done` holds (10 s at most); returns every state seen on the way and the last info.
async fn follow(s: &VcSession, done: impl Fn(&Info) -> bool) -> (Vec<(String, i64)>, Info) {
    let deadline = tokio::time::Instant::now() + Duration::from_secs(10);
    let mut seen = Vec::new();
    loop {
        let info = s.appliance_update_get().await.unwrap();
        let completed = info.task.as_ref().and_then(|t| t.progress.as_ref()).map(|p| p.completed).unwrap_or(-1);
        seen.push((info.state.to_string(), completed));
        if done(&info) {
            return (seen, info);
        }
        assert!(tokio::time::Instant::now() < deadline, "the update did not settle: {seen:?}");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

fn state(info: &Info) -> &str {
    info.state.as_str()
}

#[test]
fn the_appliance_starts_with_two_pending_updates() {
    crate::common::block_on(async {
        let s = session(Default::default()).await;
        let info = s.appliance_update_get().await.unwrap();
        assert_eq!((state(&info), info.version.as_str()), ("UPDATES_PENDING", "6.7.0.44000"));
        assert!(info.latest_query_time.is_some() && info.task.is_none());

        for source in ["LAST_CHECK", "LOCAL_AND_ONLINE"] {
            let list = s.appliance_update_pending_list(source, None).await.unwrap();
            let versions: Vec<&str> = list.iter().map(|u| u.version.as_str()).collect();
            assert_eq!(versions, ["6.7.0.45100", "6.7.0.46000"], "{source}");
        }
        let list = s.appliance_update_pending_list("LAST_CHECK", None).await.unwrap();
        let patch = &list[0];
        assert_eq!((patch.severity.as_str(), patch.update_type.as_str(), patch.priority.as_str()), ("CRITICAL", "SECURITY", "HIGH"));
        assert!(patch.reboot_required && patch.size > 1000 && patch.release_date.starts_with("2020-09-24"));
        assert!(patch.description.default_message.contains("6.7 Update 3j"));
        assert!(s.appliance_update_pending_list("LOCAL", None).await.unwrap().is_empty(), "no update ISO on the CD-ROM");

        s.appliance_update_pending_list("LOCAL_AND_ONLINE", None).await.unwrap();
        let d = s.appliance_update_pending_get("6.7.0.46000").await.unwrap();
        assert!(!d.staged && d.reboot_required && d.severity.as_str() == "IMPORTANT");
        assert!(d.eulas[0].default_message.starts_with("VMWARE END USER LICENSE AGREEMENT"));
        assert!(d.contents.iter().any(|c| c.default_message.contains("https://kb.vmware.com/")), "a knowledge-base link");
        assert!(d.services_will_be_stopped.iter().any(|sv| sv.service == "vmdird"));

        let p = s.appliance_update_pending_precheck("6.7.0.46000").await.unwrap();
        assert_eq!(p.questions.len(), 1);
        assert_eq!((p.questions[0].data_item.as_str(), p.questions[0].r#type.as_str()), (VMDIR_PASSWORD, "PASSWORD"));
        let issues = p.issues.unwrap();
        assert!(issues.errors.unwrap_or_default().is_empty());
        assert!(issues.warnings.unwrap().iter().any(|w| w.message.default_message.contains("backup")));
        assert_eq!(p.estimated_time_to_install, Some(45));
        assert!(s.appliance_update_pending_precheck("6.7.0.45100").await.unwrap().questions.is_empty(), "the patch asks nothing");

        let policy = s.appliance_update_policy_get().await.unwrap();
        assert!(policy.default_url.starts_with("https://vapp-updates.vmware.com/") && policy.custom_url.is_none());
        assert_eq!(policy.check_schedule.len(), 1);
        assert!(!policy.auto_update && policy.manual_control);
    })
}

#[test]
fn the_policy_is_saved_and_checked() {
    crate::common::block_on(async {
        let s = session(Default::default()).await;
        let time = |day: &str, hour, minute| policy::Time { day: day.parse().unwrap(), hour, minute };
        let good = policy::Config {
            custom_url: Some(MIRROR_URL.into()),
            username: Some("mirror".into()),
            password: Some("s3cret".into()),
            check_schedule: vec![time("MONDAY", 3, 15), time("THURSDAY", 23, 59)],
            auto_stage: true,
        };
        s.appliance_update_policy_set(&good).await.unwrap();
        let p = s.appliance_update_policy_get().await.unwrap();
        assert_eq!((p.custom_url.as_deref(), p.username.as_deref(), p.auto_stage), (Some(MIRROR_URL), Some("mirror"), true));
        assert_eq!(p.check_schedule, good.check_schedule);
        let list = s.appliance_update_pending_list("LOCAL_AND_ONLINE", None).await.unwrap();
        assert_eq!(list[0].version, "6.7.0.45000", "a check goes to the custom repository");

        let refused = [
            (policy::Config { custom_url: Some("ftp://mirror.corp.local/".into()), ..good.clone() }, "not a valid repository URL"),
            (policy::Config { check_schedule: vec![time("MONDAY", 24, 0)], ..good.clone() }, "from 0 to 23; 24"),
            (policy::Config { check_schedule: vec![time("MONDAY", 3, 60)], ..good.clone() }, "from 0 to 59; 60"),
            (policy::Config { check_schedule: vec![time("FUNDAY", 3, 0)], ..good.clone() }, "'FUNDAY' is not a day"),
            (policy::Config { username: None, ..good.clone() }, "needs a user name"),
        ];
        for (config, text) in refused {
            let e = s.appliance_update_policy_set(&config).await.unwrap_err();
            assert!(e.is(VapiErrorKind::Error) && e.to_string().contains(text), "{text}: {e}");
        }
        assert_eq!(s.appliance_update_policy_get().await.unwrap().check_schedule, good.check_schedule, "a refused policy changes nothing");

        s.appliance_update_policy_set(&policy::Config { custom_url: None, username: None, password: None, check_schedule: vec![], auto_stage: false }).await.unwrap();
        let p = s.appliance_update_policy_get().await.unwrap();
        assert!(p.custom_url.is_none() && p.username.is_none() && p.check_schedule.is_empty() && !p.auto_stage);
        assert_eq!(s.appliance_update_pending_list("LOCAL_AND_ONLINE", None).await.unwrap()[0].version, "6.7.0.45100", "back to the default repository");
    })
}

#[test]
fn a_custom_url_lists_another_repository() {
    crate::common::block_on(async {
        let s = session(Default::default()).await;
        let mirror = s.appliance_update_pending_list("LOCAL_AND_ONLINE", Some(MIRROR_URL)).await.unwrap();
        let versions: Vec<&str> = mirror.iter().map(|u| u.version.as_str()).collect();
        assert_eq!(versions, ["6.7.0.45000", "7.0.0.10100"]);
        assert_eq!(s.appliance_update_pending_list("LAST_CHECK", None).await.unwrap().len(), 2, "the last check is the mirror's");
        let e = s.appliance_update_pending_get("6.7.0.46000").await.unwrap_err();
        assert!(e.is(VapiErrorKind::NotFound), "not in the last check: {e}");

        let p = s.appliance_update_pending_precheck("7.0.0.10100").await.unwrap();
        let errors = p.issues.unwrap().errors.unwrap();
        assert!(errors[0].message.default_message.contains("cannot be upgraded to 7.0"), "{errors:?}");
        assert!(errors[0].resolution.as_ref().unwrap().default_message.contains("installer"));
        let e = s.appliance_update_pending_stage_and_install("7.0.0.10100", &none()).await.unwrap_err();
        assert!(e.is(VapiErrorKind::NotAllowedInCurrentState) && e.to_string().contains("pre-update checks of 7.0.0.10100 failed"), "{e}");

        let e = s.appliance_update_pending_list("LOCAL_AND_ONLINE", Some("not a url")).await.unwrap_err();
        assert!(e.is(VapiErrorKind::Error), "{e}");
        let e = s.appliance_update_pending_list("LOCAL_AND_ONLINE", Some("https://nowhere.example.com/repo")).await.unwrap_err();
        assert!(e.is(VapiErrorKind::NotFound) && e.to_string().contains("cannot be reached"), "{e}");
        let e = s.appliance_update_pending_list("EVERYWHERE", None).await.unwrap_err();
        assert!(e.is(VapiErrorKind::InvalidArgument), "{e}");
        assert_eq!(s.appliance_update_pending_list("LAST_CHECK", None).await.unwrap()[0].version, "6.7.0.45000", "a failed check keeps the last one");
    })
}

#[test]
fn stage_then_install_advances_and_ends_at_the_new_version() {
    crate::common::block_on(async {
        let (url, sim) = spawn_sim(quick()).await;
        let s = client(&url).login(USER, PASSWORD).await.unwrap();
        s.appliance_update_pending_stage("6.7.0.45100").await.unwrap();
        let info = s.appliance_update_get().await.unwrap();
        assert_eq!((state(&info), info.version.as_str()), ("STAGE_IN_PROGRESS", "6.7.0.45100"));
        let task = info.task.unwrap();
        assert!(task.cancelable && task.operation == "stage" && task.user.as_deref() == Some("VSPHERE.LOCAL\\Administrator"));
        assert!(task.progress.unwrap().message.default_message.starts_with("Downloading update packages"));
        let st = s.appliance_update_staged_get().await.unwrap();
        assert!(!st.staging_complete && st.version == "6.7.0.45100");

        // A second operation while one runs.
        for e in [
            s.appliance_update_pending_stage("6.7.0.46000").await.unwrap_err(),
            s.appliance_update_pending_precheck("6.7.0.45100").await.map(|_| ()).unwrap_err(),
            s.appliance_update_pending_stage_and_install("6.7.0.46000", &answers(&[(VMDIR_PASSWORD, PASSWORD)])).await.unwrap_err(),
            s.appliance_update_staged_delete().await.unwrap_err(),
        ] {
            assert!(matches!(e.kind(), Some(VapiErrorKind::NotAllowedInCurrentState | VapiErrorKind::Error)) && e.to_string().contains("in progress"), "{e}");
        }

        let (seen, info) = follow(&s, |i| state(i) != "STAGE_IN_PROGRESS").await;
        let progress: Vec<i64> = seen.iter().map(|(_, c)| *c).collect();
        assert!(progress.windows(2).all(|w| w[0] <= w[1]) && progress.iter().collect::<std::collections::BTreeSet<_>>().len() >= 3, "progress grows: {progress:?}");
        assert_eq!((state(&info), info.version.as_str()), ("UPDATES_PENDING", "6.7.0.45100"), "the staged version");
        let task = info.task.unwrap();
        assert_eq!((task.status.as_str(), task.progress.unwrap().completed), ("SUCCEEDED", 100));
        assert!(s.appliance_update_staged_get().await.unwrap().staging_complete);
        assert!(s.appliance_update_pending_get("6.7.0.45100").await.unwrap().staged);
        let e = s.appliance_update_pending_stage("6.7.0.45100").await.unwrap_err();
        assert!(e.to_string().contains("already staged"), "{e}");

        s.appliance_update_pending_install("6.7.0.45100", &none()).await.unwrap();
        let info = s.appliance_update_get().await.unwrap();
        assert_eq!(state(&info), "INSTALL_IN_PROGRESS");
        assert_eq!(s.appliance_system_version_get().await.unwrap().version, "6.7.0.44000", "not yet");
        let (seen, info) = follow(&s, |i| state(i) != "INSTALL_IN_PROGRESS").await;
        assert!(seen.iter().filter(|(st, _)| st == "INSTALL_IN_PROGRESS").count() >= 3, "{seen:?}");
        assert_eq!((state(&info), info.version.as_str()), ("UPDATES_PENDING", "6.7.0.45100"), "6.7.0.46000 is still pending");
        assert_eq!(info.task.unwrap().status.as_str(), "SUCCEEDED");

        let v = s.appliance_system_version_get().await.unwrap();
        assert_eq!((v.version.as_str(), v.build.as_str(), v.releasedate.as_str()), ("6.7.0.45100", "16708996", "September 24, 2020"));
        assert_eq!(v.install_time, "2019-11-14T09:52:03 UTC", "the appliance's install time stays");
        let left: Vec<String> = s.appliance_update_pending_list("LOCAL_AND_ONLINE", None).await.unwrap().into_iter().map(|u| u.version).collect();
        assert_eq!(left, ["6.7.0.46000"]);
        let e = s.appliance_update_pending_get("6.7.0.45100").await.unwrap_err();
        assert!(e.kind().is_some_and(|k| k.as_str() == "already_in_desired_state") && e.to_string().contains("already installed"), "{e}");
        let e = s.appliance_update_staged_get().await.unwrap_err();
        assert!(e.is(VapiErrorKind::NotAllowedInCurrentState), "installed: nothing staged any more: {e}");
        assert!(sim.health.messages("software-packages")[0].message.default_message.contains("6.7.0.46000 (important)"));
    })
}

#[test]
fn stage_and_install_asks_for_the_user_data_and_ends_up_to_date() {
    crate::common::block_on(async {
        let s = session(quick()).await;
        let e = s.appliance_update_pending_stage_and_install("6.7.0.46000", &none()).await.unwrap_err();
        assert!(e.is(VapiErrorKind::Error) && e.to_string().contains("'vmdir.password'"), "the missing key is named: {e}");
        let e = s.appliance_update_pending_stage_and_install("6.7.0.46000", &answers(&[(VMDIR_PASSWORD, "")])).await.unwrap_err();
        assert!(e.is(VapiErrorKind::Error), "an empty answer is no answer: {e}");

        let issues = s.appliance_update_pending_validate("6.7.0.46000", &none()).await.unwrap();
        assert!(issues.errors.unwrap()[0].message.default_message.contains("No answer for vmdir.password"));
        let issues = s.appliance_update_pending_validate("6.7.0.46000", &answers(&[(VMDIR_PASSWORD, "wrong")])).await.unwrap();
        assert!(issues.errors.unwrap()[0].message.default_message.contains("password of administrator@vsphere.local is incorrect"));
        assert!(s.appliance_update_pending_validate("6.7.0.46000", &answers(&[(VMDIR_PASSWORD, PASSWORD)])).await.unwrap().errors.unwrap().is_empty());

        s.appliance_update_pending_stage_and_install("6.7.0.46000", &answers(&[(VMDIR_PASSWORD, PASSWORD)])).await.unwrap();
        let (seen, info) = follow(&s, |i| !matches!(state(i), "STAGE_IN_PROGRESS" | "INSTALL_IN_PROGRESS")).await;
        let states: Vec<&str> = seen.iter().map(|(s, _)| s.as_str()).collect();
        assert!(states.contains(&"STAGE_IN_PROGRESS") && states.contains(&"INSTALL_IN_PROGRESS"), "{states:?}");
        let progress: Vec<i64> = seen.iter().map(|(_, c)| *c).collect();
        assert!(progress.windows(2).all(|w| w[0] <= w[1]), "one task, one growing progress: {progress:?}");
        assert_eq!((state(&info), info.version.as_str()), ("UP_TO_DATE", "6.7.0.46000"));
        assert_eq!(info.task.unwrap().operation, "stage_and_install");
        assert_eq!(s.appliance_system_version_get().await.unwrap().version, "6.7.0.46000");
        assert!(s.appliance_update_pending_list("LOCAL_AND_ONLINE", None).await.unwrap().is_empty(), "the older patch is no longer pending either");
    })
}

#[test]
fn refusals() {
    crate::common::block_on(async {
        let s = session(quick()).await;
        let e = s.appliance_update_pending_install("6.7.0.45100", &none()).await.unwrap_err();
        assert!(e.is(VapiErrorKind::NotAllowedInCurrentState) && e.to_string().contains("not staged"), "{e}");
        let e = s.appliance_update_pending_install("6.7.0.46000", &none()).await.unwrap_err();
        assert!(e.is(VapiErrorKind::Error) && e.to_string().contains("vmdir.password"), "{e}");
        for e in [
            s.appliance_update_pending_get("6.7.0.99999").await.map(|_| ()).unwrap_err(),
            s.appliance_update_pending_stage("6.7.0.99999").await.unwrap_err(),
            s.appliance_update_pending_install("6.7.0.99999", &none()).await.unwrap_err(),
            s.appliance_update_pending_precheck("6.7.0.99999").await.map(|_| ()).unwrap_err(),
        ] {
            assert!(e.is(VapiErrorKind::NotFound) && e.to_string().contains("6.7.0.99999"), "{e}");
        }
        let e = s.appliance_update_cancel().await.unwrap_err();
        assert!(e.is(VapiErrorKind::NotAllowedInCurrentState) && e.to_string().contains("No update operation"), "{e}");
        let e = s.appliance_update_staged_get().await.unwrap_err();
        assert!(e.is(VapiErrorKind::NotAllowedInCurrentState) && e.to_string().contains("Nothing is staged"), "{e}");
        s.appliance_update_staged_delete().await.unwrap();
        assert_eq!(s.appliance_update_get().await.unwrap().state.as_str(), "UPDATES_PENDING", "refusals change nothing");
    })
}

#[test]
fn cancel_stops_staging_and_drops_the_staged_data() {
    crate::common::block_on(async {
        let s = session(SimConfig { update_stage: Duration::from_secs(3), update_install: Duration::from_secs(4), ..SimConfig::default() }).await;
        s.appliance_update_pending_stage("6.7.0.46000").await.unwrap();
        tokio::time::sleep(Duration::from_millis(300)).await;
        s.appliance_update_cancel().await.unwrap();
        let info = s.appliance_update_get().await.unwrap();
        assert_eq!((state(&info), info.version.as_str()), ("UPDATES_PENDING", "6.7.0.44000"));
        let task = info.task.unwrap();
        assert_eq!(task.status.as_str(), "FAILED");
        assert!(task.error.unwrap().contains("cancelled by VSPHERE.LOCAL\\Administrator"));
        assert!(s.appliance_update_staged_get().await.is_err(), "the partly staged data is gone");
        tokio::time::sleep(Duration::from_millis(3000)).await;
        assert!(s.appliance_update_staged_get().await.is_err(), "and stays gone after the staging would have ended");

        // An install can be cancelled during its pre-install checks only.
        s.appliance_update_pending_stage_and_install("6.7.0.45100", &none()).await.unwrap();
        follow(&s, |i| state(i) == "INSTALL_IN_PROGRESS").await;
        s.appliance_update_cancel().await.unwrap();
        let info = s.appliance_update_get().await.unwrap();
        assert_eq!((state(&info), info.version.as_str()), ("UPDATES_PENDING", "6.7.0.45100"), "the staged update stays");
        assert!(s.appliance_update_staged_get().await.unwrap().staging_complete);

        s.appliance_update_pending_install("6.7.0.45100", &none()).await.unwrap();
        follow(&s, |i| i.task.as_ref().is_some_and(|t| !t.cancelable)).await;
        let e = s.appliance_update_cancel().await.unwrap_err();
        assert!(e.is(VapiErrorKind::NotAllowedInCurrentState) && e.to_string().contains("not cancellable"), "{e}");
        let (_, info) = follow(&s, |i| state(i) != "INSTALL_IN_PROGRESS").await;
        assert_eq!(info.version, "6.7.0.45100");
        assert_eq!(s.appliance_system_version_get().await.unwrap().version, "6.7.0.45100");
    })
}

#[test]
fn a_refused_password_fails_the_install_which_rolls_back() {
    crate::common::block_on(async {
        let s = session(quick()).await;
        s.appliance_update_pending_stage_and_install("6.7.0.46000", &answers(&[(VMDIR_PASSWORD, "not-the-password")])).await.unwrap();
        let (seen, info) = follow(&s, |i| state(i) == "INSTALL_FAILED").await;
        assert!(seen.iter().any(|(st, _)| st == "ROLLBACK_IN_PROGRESS"), "it rolls back first: {seen:?}");
        assert_eq!(info.version, "6.7.0.46000", "the version that failed");
        let task = info.task.unwrap();
        assert_eq!(task.status.as_str(), "FAILED");
        let error = task.error.unwrap();
        assert!(error.contains("VMware Directory Service") && error.contains("still at 6.7.0.44000"), "{error}");
        assert!(task.progress.unwrap().completed < 100);
        assert_eq!(s.appliance_system_version_get().await.unwrap().version, "6.7.0.44000");
        assert!(s.appliance_update_staged_get().await.unwrap().staging_complete, "the staged update stays for another try");

        s.appliance_update_pending_install("6.7.0.46000", &answers(&[(VMDIR_PASSWORD, PASSWORD)])).await.unwrap();
        let (_, info) = follow(&s, |i| state(i) != "INSTALL_IN_PROGRESS").await;
        assert_eq!((state(&info), info.version.as_str()), ("UP_TO_DATE", "6.7.0.46000"));
    })
}

/// The console's page without JavaScript: a running install shows its progress and reloads itself; the
/// policy form keeps what was typed when it is refused; the install needs the license accepted.
#[test]
fn the_update_page_without_javascript() {
    crate::common::block_on(async {
        let console = Console::on_simulator(SimConfig { update_stage: Duration::from_secs(2), update_install: Duration::from_secs(2), ..SimConfig::default() }).await;
        let cookie = console.login_cookie().await;
        // Checking the repository is a POST (the appliance contacts it); the page it returns to lists what it found.
        let res = console.form_post("/api/appliance/update/pending/check", &cookie, "/appliance/update", "source=LOCAL_AND_ONLINE&url=").await;
        let back = res.headers().get("location").unwrap().to_str().unwrap().trim_start_matches(&console.url).to_string();
        assert_eq!(back, "/appliance/update?done=/api/appliance/update/pending/check");
        let html = console.html(&back, &cookie).await;
        assert!(html.contains("6.7.0.45100") && html.contains("6.7.0.46000") && html.contains(r#"data-testid="pending-updates""#));
        // A confirmation opened without the pre-update checks runs none: it offers to run them.
        let prechecks = || console.sim().calls("precheck");
        let html = console.html("/appliance/update?version=6.7.0.46000&confirm=stage-and-install", &cookie).await;
        assert!(html.contains(r#"data-testid="precheck-missing""#) && !html.contains(r#"data-testid="confirm-panel""#));
        assert_eq!(prechecks(), 0, "a page load runs no pre-update check");
        let res = console
            .form_post("/api/appliance/update/pending/precheck", &cookie, "/appliance/update?version=6.7.0.46000", "version=6.7.0.46000&next=stage-and-install")
            .await;
        let confirm = res.headers().get("location").unwrap().to_str().unwrap().to_string();
        assert_eq!(confirm, "/appliance/update?version=6.7.0.46000&confirm=stage-and-install");
        for _ in 0..2 {
            let html = console.html(&confirm, &cookie).await;
            assert!(html.contains(r#"data-testid="confirm-panel""#) && html.contains("Single Sign-On administrator password"), "the confirmation asks for the user data");
        }
        assert_eq!(prechecks(), 1, "the POST ran it once; the confirmation read what it kept");

        let res = console
            .form_post("/api/appliance/update/pending/install", &cookie, "/appliance/update?version=6.7.0.45100&confirm=stage-and-install", "version=6.7.0.45100&mode=stage-and-install")
            .await;
        let location = res.headers().get("location").unwrap().to_str().unwrap().to_string();
        assert!(location.contains("__err="), "refused without the license accepted: {location}");
        assert_eq!(console.vc().await.appliance_update_get().await.unwrap().state.as_str(), "UPDATES_PENDING", "nothing was sent");

        let res = console
            .form_post("/api/appliance/update/pending/install", &cookie, "/appliance/update?version=6.7.0.45100&confirm=stage-and-install", "version=6.7.0.45100&mode=stage-and-install&accept_eula=on")
            .await;
        assert_eq!(res.headers().get("location").unwrap(), "/appliance/update");
        let html = console.html("/appliance/update", &cookie).await;
        assert!(html.contains(r#"role="progressbar""#) && html.contains("Staging and installing update 6.7.0.45100"), "progress is shown");
        assert!(html.contains(r#"http-equiv="refresh""#) && html.contains("<noscript>"), "and the page reloads itself without JavaScript");

        let res = console
            .form_post("/api/appliance/update/policy/set", &cookie, "/appliance/update", "custom_url=ftp%3A%2F%2Fbad&username=&password=&days[]=MONDAY&hours[]=3&hours[]=&hours[]=&hours[]=&hours[]=&hours[]=&hours[]=&minutes[]=75&minutes[]=&minutes[]=&minutes[]=&minutes[]=&minutes[]=&minutes[]=")
            .await;
        let location = res.headers().get("location").unwrap().to_str().unwrap().to_string();
        let html = console.html(location.trim_start_matches(&console.url), &cookie).await;
        assert!(html.contains("not an update repository URL"), "the refusal is shown");
        assert!(html.contains(r#"value="ftp://bad""#) && html.contains(r#"value="75""#), "and the form keeps what was typed");

        let deadline = tokio::time::Instant::now() + Duration::from_secs(10);
        while console.vc().await.appliance_system_version_get().await.unwrap().version != "6.7.0.45100" {
            assert!(tokio::time::Instant::now() < deadline, "the install did not end");
            tokio::time::sleep(Duration::from_millis(200)).await;
        }
        let html = console.html("/appliance/update", &cookie).await;
        assert!(!html.contains(r#"http-equiv="refresh""#), "done: no more reloading");
        let at = html.find(r#"data-testid="current-version""#).expect("the version is shown");
        assert!(html[at..at + 100].contains(">6.7.0.45100<"), "the new version: {}", &html[at..at + 100]);
    })
}
