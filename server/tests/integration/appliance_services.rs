//! `appliance/services` and `appliance/vmon/service` through our client against the simulator: the lists,
//! start / stop / restart passing through STARTING / STOPPING, startup types, a disabled service refused,
//! unknown services.

use crate::common;

use app::error::VapiErrorKind;
use app::vsphere::models::appliance::services::State as AppState;
use app::vsphere::models::appliance::vmon::service::{Health, StartupType, State, UpdateSpec};
use common::*;
use std::time::Duration;

const SETTLE: Duration = Duration::from_millis(1700);

#[test]
fn appliance_services_start_and_stop_over_time() {
    crate::common::block_on(async {
        let (url, _) = spawn_sim(Default::default()).await;
        let s = client(&url).login(USER, PASSWORD).await.unwrap();
        let list = s.appliance_services_list().await.unwrap();
        assert!(list.len() >= 12);
        assert_eq!(list.get(&"sshd".to_string()).unwrap().state, AppState::Stopped);
        assert_eq!(list.get(&"ntpd".to_string()).unwrap().state, AppState::Started);
        assert!(!list.get(&"ntpd".to_string()).unwrap().description.is_empty());

        s.services_control("sshd", "start").await.unwrap();
        assert_eq!(s.appliance_services_get("sshd").await.unwrap().state, AppState::Starting);
        tokio::time::sleep(SETTLE).await;
        assert_eq!(s.appliance_services_get("sshd").await.unwrap().state, AppState::Started);
        s.services_control("sshd", "restart").await.unwrap();
        assert_eq!(s.appliance_services_get("sshd").await.unwrap().state, AppState::Stopping, "a restart first stops");
        tokio::time::sleep(SETTLE).await;
        assert_eq!(s.appliance_services_get("sshd").await.unwrap().state, AppState::Started);
        s.services_control("sshd", "stop").await.unwrap();
        tokio::time::sleep(SETTLE).await;
        assert_eq!(s.appliance_services_get("sshd").await.unwrap().state, AppState::Stopped);

        assert!(s.appliance_services_get("telnetd").await.unwrap_err().is(VapiErrorKind::NotFound));
        assert!(s.services_control("telnetd", "start").await.unwrap_err().is(VapiErrorKind::NotFound));
        let e = s.services_control("sshd", "pause").await.unwrap_err();
        assert!(matches!(e, app::error::AppError::Invalid { .. }) && e.to_string().contains("pause"), "not sent at all: {e}");
    })
}

#[test]
fn vmon_services_have_health_startup_types_and_refuse_starting_when_disabled() {
    crate::common::block_on(async {
        let (url, _) = spawn_sim(Default::default()).await;
        let s = client(&url).login(USER, PASSWORD).await.unwrap();
        let list = s.appliance_vmon_service_list_details().await.unwrap();
        assert!(list.len() >= 30);
        let vpxd = list.get(&"vpxd".to_string()).unwrap();
        assert_eq!((vpxd.state.clone(), vpxd.startup_type.clone(), vpxd.health.clone()), (State::Started, StartupType::Automatic, Some(Health::Healthy)));
        let vsan = list.get(&"vsan-health".to_string()).unwrap();
        assert_eq!(vsan.health, Some(Health::HealthyWithWarnings));
        assert!(vsan.health_messages.as_ref().unwrap()[0].default_message.contains("vSAN"));
        let vcha = list.get(&"vcha".to_string()).unwrap();
        assert_eq!((vcha.state.clone(), vcha.startup_type.clone(), vcha.health.clone()), (State::Stopped, StartupType::Disabled, None), "a stopped service has no health");

        let e = s.vmon_control("vcha", "start").await.unwrap_err();
        assert!(e.is(VapiErrorKind::NotAllowedInCurrentState) && e.to_string().contains("disabled"), "{e}");
        s.appliance_vmon_service_update("vcha", &UpdateSpec { startup_type: Some(StartupType::Manual) }).await.unwrap();
        assert_eq!(s.appliance_vmon_service_get("vcha").await.unwrap().startup_type, StartupType::Manual);
        s.vmon_control("vcha", "start").await.unwrap();
        assert_eq!(s.appliance_vmon_service_get("vcha").await.unwrap().state, State::Starting);
        tokio::time::sleep(SETTLE).await;
        let vcha = s.appliance_vmon_service_get("vcha").await.unwrap();
        assert_eq!((vcha.state, vcha.health), (State::Started, Some(Health::Healthy)));

        let e = s.appliance_vmon_service_update("vpxd", &UpdateSpec { startup_type: Some(StartupType::UnknownValue("SOMETIMES".into())) }).await.unwrap_err();
        assert!(e.is(VapiErrorKind::InvalidArgument) && e.to_string().contains("'SOMETIMES'"), "{e}");
        assert!(s.appliance_vmon_service_get("nope").await.unwrap_err().is(VapiErrorKind::NotFound));
    })
}
