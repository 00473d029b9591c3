//! The appliance's first-boot workflow (`vcenter/deployment`) on a freshly deployed simulated appliance
//! (`--sim-fresh`), through the console's generated client: checks refuse a bad spec, an install runs, stops at
//! its question, goes on when answered and configures the appliance (system-config then reads its type); a
//! cancelled one is rolled back; an upgrade that defers its history import leaves the import to be started,
//! paused, resumed and cancelled. Steps out of order are refused.

use crate::common::*;
use app::error::VapiErrorKind;
use app::vsphere::models::vcenter::deployment::install::{InstallSpec, VcsaEmbeddedSpec};
use app::vsphere::models::vcenter::deployment::question::AnswerSpec;
use app::vsphere::models::vcenter::deployment::upgrade::{SourceApplianceSpec, UpgradeSpec};
use app::vsphere::models::vcenter::deployment::{HistoryMigrationOption, HistoryMigrationSpec, LocationSpec, RemotePscSpec, StandaloneSpec};
use server::simulator::vcenter::deployment::{DEPLOY_TIME, PSCS, SOURCE_HOST, UPGRADE_SOURCE};
use server::simulator::SimConfig;
use std::time::Duration;

fn kind(e: &app::error::AppError) -> String {
    e.kind().map(|k| k.as_str().to_string()).unwrap_or_else(|| format!("{e:?}"))
}

fn embedded(password: &str) -> InstallSpec {
    InstallSpec {
        vcsa_embedded: Some(VcsaEmbeddedSpec { standalone: Some(StandaloneSpec { sso_admin_password: password.into(), sso_domain_name: Some("vsphere.local".into()) }), replicated: None, ceip_enabled: false }),
        psc: None,
        vcsa_external: None,
        auto_answer: None,
    }
}

async fn state(s: &app::client::VcSession) -> String {
    s.vcenter_deployment_get().await.unwrap().state.to_string()
}

async fn wait_for(s: &app::client::VcSession, want: &str) {
    for _ in 0..100 {
        if state(s).await == want {
            return;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    panic!("the appliance never became {want}: it is {}", state(s).await);
}

#[test]
fn an_install_is_checked_asks_its_question_and_configures_the_appliance() {
    block_on(async {
        let (url, _) = spawn_sim(SimConfig { fresh: true, ..Default::default() }).await;
        let s = client(&url).login(USER, PASSWORD).await.unwrap();
        assert_eq!(state(&s).await, "INITIALIZED");
        assert_eq!(kind(&s.vcenter_system_config_deployment_type_get().await.unwrap_err()), "not_allowed_in_current_state");
        let weak = s.vcenter_deployment_install_check(&embedded("vmware")).await.unwrap();
        assert_eq!(weak.status.as_str(), "FAILED");
        assert!(weak.result.unwrap().errors.unwrap()[0].message.default_message.contains("8 to 20"));
        assert_eq!(kind(&s.vcenter_deployment_install_start(&embedded("vmware")).await.unwrap_err()), "invalid_argument");
        let both = InstallSpec { vcsa_external: Some(RemotePscSpec { psc_hostname: PSCS[0].0.into(), https_port: None, sso_admin_password: PASSWORD.into(), ssl_thumbprint: None, ssl_verify: None }), ..embedded(PASSWORD) };
        assert_eq!(kind(&s.vcenter_deployment_install_check(&both).await.unwrap_err()), "invalid_argument");
        // The remote PSC's thumbprint, once a check named it.
        let remote = RemotePscSpec { psc_hostname: PSCS[0].0.into(), https_port: None, sso_admin_password: PASSWORD.into(), ssl_thumbprint: None, ssl_verify: None };
        assert_eq!(s.vcenter_deployment_install_remote_psc_check(&remote).await.unwrap().status.as_str(), "FAILED", "no thumbprint given");
        assert_eq!(s.vcenter_deployment_install_initial_config_remote_psc_thumbprint_get(PSCS[0].0, None).await.unwrap(), PSCS[0].2);
        assert_eq!(kind(&s.vcenter_deployment_install_initial_config_remote_psc_thumbprint_get("psc-09.corp.local", None).await.unwrap_err()), "error");
        let trusted = RemotePscSpec { ssl_thumbprint: Some(PSCS[0].2.into()), ..remote.clone() };
        assert_eq!(s.vcenter_deployment_install_remote_psc_check(&trusted).await.unwrap().status.as_str(), "SUCCESS");

        assert_eq!(s.vcenter_deployment_install_check(&embedded(PASSWORD)).await.unwrap().status.as_str(), "SUCCESS");
        s.vcenter_deployment_install_start(&embedded(PASSWORD)).await.unwrap();
        assert_eq!(kind(&s.vcenter_deployment_install_start(&embedded(PASSWORD)).await.unwrap_err()), "not_allowed_in_current_state", "once only");
        assert_eq!(s.vcenter_deployment_install_get().await.unwrap().vcsa_embedded.unwrap().standalone.unwrap().sso_admin_password, "", "the password is not given back");
        wait_for(&s, "QUESTION_RAISED").await;
        let q = s.vcenter_deployment_question_get().await.unwrap().questions.remove(0);
        assert_eq!(q.possible_answers, ["OK", "CANCEL"]);
        let bad = s.vcenter_deployment_question_answer(&AnswerSpec { question_id: q.id.clone(), answer_val: "MAYBE".into() }).await.unwrap_err();
        assert_eq!(kind(&bad), "invalid_argument");
        s.vcenter_deployment_question_answer(&AnswerSpec { question_id: q.id, answer_val: "OK".into() }).await.unwrap();
        wait_for(&s, "CONFIGURED").await;
        let info = s.vcenter_deployment_get().await.unwrap();
        assert_eq!((info.status.as_str(), info.progress.unwrap().completed), ("SUCCEEDED", 100));
        assert_eq!(s.vcenter_system_config_deployment_type_get().await.unwrap().r#type.as_str(), "VCSA_EMBEDDED");
        assert_eq!(kind(&s.vcenter_deployment_rollback().await.unwrap_err()), "unsupported", "nothing failed");
    })
}

#[test]
fn a_cancelled_install_is_rolled_back_and_an_upgrade_defers_its_history() {
    block_on(async {
        let (url, _) = spawn_sim(SimConfig { fresh: true, ..Default::default() }).await;
        let s = client(&url).login(USER, PASSWORD).await.unwrap();
        let auto = InstallSpec { auto_answer: Some(true), ..embedded(PASSWORD) };
        s.vcenter_deployment_install_start(&auto).await.unwrap();
        s.vcenter_deployment_install_cancel().await.unwrap();
        assert_eq!(state(&s).await, "FAILED");
        assert_eq!(kind(&s.vcenter_deployment_install_cancel().await.unwrap_err()), "not_allowed_in_current_state");
        s.vcenter_deployment_rollback().await.unwrap();
        assert_eq!(state(&s).await, "INITIALIZED");

        let (host, print, root) = UPGRADE_SOURCE;
        let spec = |root_password: &str| UpgradeSpec {
            source_appliance: SourceApplianceSpec { hostname: host.into(), https_port: None, ssl_thumbprint: Some(print.into()), ssl_verify: None, sso_admin_username: USER.into(), sso_admin_password: PASSWORD.into(), root_password: root_password.into(), ssh_verify: None, ssh_thumbprint: None },
            source_location: LocationSpec { hostname: SOURCE_HOST.into(), https_port: None, ssl_thumbprint: None, ssl_verify: None, username: "root".into(), password: server::simulator::vcenter::host::ESXI_PASSWORD.into() },
            history: Some(HistoryMigrationSpec { data_set: HistoryMigrationOption::EventsTasks, defer_import: Some(true) }),
            vcsa_embedded: None,
            psc: None,
            auto_answer: Some(true),
        };
        let check = s.vcenter_deployment_upgrade_check(&spec("nope")).await.unwrap();
        assert_eq!(check.status.as_str(), "FAILED");
        assert!(check.result.unwrap().errors.unwrap().iter().any(|e| e.message.default_message.contains("root password")));
        assert_eq!(kind(&s.vcenter_deployment_import_history_start(None).await.unwrap_err()), "not_allowed_in_current_state");
        s.vcenter_deployment_upgrade_start(&spec(root)).await.unwrap();
        tokio::time::sleep(DEPLOY_TIME + Duration::from_millis(300)).await;
        assert_eq!(state(&s).await, "CONFIGURED", "answered by itself (auto_answer)");
        assert_eq!(s.vcenter_deployment_import_history_get().await.unwrap().status.as_str(), "PENDING");
        let create = app::vsphere::models::vcenter::deployment::import_history::CreateSpec { name: "history".into(), description: "events and tasks".into() };
        s.vcenter_deployment_import_history_start(Some(&create)).await.unwrap();
        assert_eq!(kind(&s.vcenter_deployment_import_history_start(Some(&create)).await.unwrap_err()), "already_in_desired_state");
        s.vcenter_deployment_import_history_pause().await.unwrap();
        assert_eq!(kind(&s.vcenter_deployment_import_history_pause().await.unwrap_err()), "already_in_desired_state");
        assert_eq!(s.vcenter_deployment_import_history_get().await.unwrap().status.as_str(), "BLOCKED");
        s.vcenter_deployment_import_history_resume().await.unwrap();
        assert_eq!(s.vcenter_deployment_import_history_get().await.unwrap().status.as_str(), "RUNNING");
        s.vcenter_deployment_import_history_cancel().await.unwrap();
        assert_eq!(s.vcenter_deployment_import_history_get().await.unwrap().status.as_str(), "FAILED");
        assert_eq!(kind(&s.vcenter_deployment_import_history_cancel().await.unwrap_err()), "already_in_desired_state");
        assert_eq!(kind(&s.vcenter_deployment_upgrade_get().await.unwrap_err()), "not_allowed_in_current_state", "the upgrade has ended: its spec is no longer kept");
        assert!(s.vcenter_deployment_question_get().await.unwrap_err().is(VapiErrorKind::NotAllowedInCurrentState));
    })
}

#[test]
fn a_configured_appliance_is_not_installed_again() {
    block_on(async {
        let (url, _) = spawn_sim(SimConfig::default()).await;
        let s = client(&url).login(USER, PASSWORD).await.unwrap();
        assert_eq!(state(&s).await, "CONFIGURED");
        assert_eq!(kind(&s.vcenter_deployment_install_start(&embedded(PASSWORD)).await.unwrap_err()), "not_allowed_in_current_state");
        assert_eq!(kind(&s.vcenter_deployment_install_psc_standalone_check(&app::vsphere::models::vcenter::deployment::StandalonePscSpec { sso_site_name: None, sso_admin_password: PASSWORD.into(), sso_domain_name: None }).await.unwrap_err()), "not_allowed_in_current_state");
        assert!(s.vcenter_deployment_install_psc_replicated_check(&app::vsphere::models::vcenter::deployment::ReplicatedPscSpec { sso_site_name: None, partner_hostname: PSCS[0].0.into(), https_port: None, sso_admin_password: PASSWORD.into(), ssl_thumbprint: None, ssl_verify: None }).await.is_err());
        assert_eq!(kind(&s.vcenter_deployment_upgrade_cancel().await.unwrap_err()), "not_allowed_in_current_state");
    })
}
