//! The vCenter client against the built-in simulator over real HTTP on an ephemeral port.

use crate::common;


use app::client::appliance::health::HEALTH_ITEMS;
use app::error::{AppError, VapiErrorKind};
use common::*;
use std::time::Duration;

#[test]
fn session_lifecycle() {
    crate::common::block_on(async {
        let (url, sim) = spawn_sim(Default::default()).await;
        let user = common::session_scenario::run(&client(&url), USER, PASSWORD, "wrong").await;
        assert_eq!(user, "VSPHERE.LOCAL\\Administrator");
        assert_eq!(sim.sessions.count(), 0, "logged-out sessions are gone from the simulator");
    })
}

#[test]
fn custom_account_and_case_insensitive_user() {
    crate::common::block_on(async {
        let (url, _) = spawn_sim(server::simulator::SimConfig { user: "ops@corp.local".into(), password: "s3cret".into(), ..Default::default() }).await;
        let c = client(&url);
        assert!(c.login(USER, PASSWORD).await.is_err(), "the default account is not accepted when another is configured");
        let s = c.login("OPS@corp.local", "s3cret").await.unwrap();
        assert_eq!(s.cis_session_get().await.unwrap().user, "CORP.LOCAL\\Ops");
    })
}

#[test]
fn idle_sessions_expire() {
    crate::common::block_on(async {
        let (url, _) = spawn_sim(short_sessions()).await;
        let s = client(&url).login(USER, PASSWORD).await.unwrap();
        s.appliance_system_version_get().await.expect("fresh session works");
        tokio::time::sleep(Duration::from_millis(200)).await;
        s.appliance_system_version_get().await.expect("use keeps it alive");
        tokio::time::sleep(Duration::from_millis(700)).await;
        let err = s.appliance_system_version_get().await.unwrap_err();
        assert!(err.is(VapiErrorKind::Unauthenticated), "expired session gives unauthenticated, got {err:?}");
    })
}

#[test]
fn appliance_summary_data_is_consistent_and_moves() {
    crate::common::block_on(async {
        let (url, _) = spawn_sim(Default::default()).await;
        let s = client(&url).login(USER, PASSWORD).await.unwrap();
        let v = s.appliance_system_version_get().await.unwrap();
        assert_eq!(v.product, "VMware vCenter Server Appliance");
        assert!(v.version.starts_with("6.7.0"));
        let up1 = s.appliance_system_uptime_get().await.unwrap();
        let t1 = s.appliance_system_time_get().await.unwrap();
        tokio::time::sleep(Duration::from_millis(1100)).await;
        let up2 = s.appliance_system_uptime_get().await.unwrap();
        let t2 = s.appliance_system_time_get().await.unwrap();
        assert!(up2 > up1 + 1.0, "uptime grows: {up1} then {up2}");
        assert!(t2.seconds_since_epoch > t1.seconds_since_epoch + 1.0, "time moves");
        assert_eq!(t1.timezone, s.appliance_system_time_timezone_get().await.unwrap());
        assert_eq!(t1.time.len(), 8, "hh:mm:ss: {}", t1.time);

        let mut worst = 0;
        let mut non_green = 0;
        for (item, _) in HEALTH_ITEMS {
            let level = s.health(item).await.unwrap();
            let parsed = app::vsphere::HealthLevel::from(level.as_str());
            assert!(!matches!(parsed, app::vsphere::HealthLevel::Unknown(_)), "{item}: {level}");
            worst = worst.max(parsed.severity());
            let messages = s.appliance_health_messages(item).await.unwrap();
            if level != "green" {
                non_green += 1;
                assert!(!messages.is_empty(), "{item} is {level} and says why");
            } else {
                assert!(messages.is_empty(), "{item} is green and has no messages");
            }
        }
        assert!(non_green >= 1, "at least one subsystem is not green");
        let overall = s.health("system").await.unwrap();
        assert_eq!(app::vsphere::HealthLevel::from(overall.as_str()).severity(), worst, "overall is the worst subsystem");
        let last = s.appliance_health_system_lastcheck().await.unwrap();
        assert!(last.ends_with('Z') && last.contains('T'), "ISO time: {last}");
    })
}

#[test]
fn unknown_paths_and_ids_answer_like_vcenter() {
    crate::common::block_on(async {
        let (url, _) = spawn_sim(Default::default()).await;
        let s = client(&url).login(USER, PASSWORD).await.unwrap();
        let err = s.get::<serde_json::Value>("/rest/appliance/no-such-thing", &Default::default()).await.unwrap_err();
        match &err {
            AppError::Vapi { kind: VapiErrorKind::NotFound, status: 404, messages } => {
                assert_eq!(messages[0].id, "com.vmware.vapi.rest.operationsForUrlNotFound")
            }
            other => panic!("got {other:?}"),
        }
        // A known path with a method it does not have is also an unknown operation.
        let err = s.delete("/rest/appliance/system/version").await.unwrap_err();
        assert!(err.is(VapiErrorKind::NotFound), "got {err:?}");
        let err = s.appliance_health_messages("flux-capacitor").await.unwrap_err();
        match &err {
            AppError::Vapi { kind: VapiErrorKind::NotFound, messages, .. } => {
                assert!(messages[0].default_message.contains("flux-capacitor"), "names the id: {messages:?}");
                assert_eq!(messages[0].args, vec!["flux-capacitor"]);
            }
            other => panic!("got {other:?}"),
        }
        // Without a session: 401 unauthenticated, before anything else.
        let anon = client(&url).session(app::client::SessionId::new(""));
        let err = anon.appliance_system_version_get().await.unwrap_err();
        assert!(matches!(err, AppError::Vapi { kind: VapiErrorKind::Unauthenticated, status: 401, .. }), "got {err:?}");
    })
}

#[test]
fn raw_wire_format() {
    crate::common::block_on(async {
        // The bytes on the wire, not just what our client makes of them.
        let (url, _) = spawn_sim(Default::default()).await;
        let http = reqwest::Client::new();
        let res = http.post(format!("{url}/rest/com/vmware/cis/session")).basic_auth(USER, Some(PASSWORD)).send().await.unwrap();
        assert_eq!(res.status(), 200);
        let body: serde_json::Value = res.json().await.unwrap();
        let id = body["value"].as_str().expect("{\"value\": \"<id>\"}").to_string();
        let res = http.get(format!("{url}/rest/appliance/system/version")).header("vmware-api-session-id", &id).send().await.unwrap();
        let body: serde_json::Value = res.json().await.unwrap();
        for key in ["version", "product", "build", "type", "summary", "releasedate", "install_time"] {
            assert!(body["value"][key].is_string(), "version_struct.{key}");
        }
        let res = http.get(format!("{url}/rest/appliance/system/version")).send().await.unwrap();
        assert_eq!(res.status(), 401);
        let body: serde_json::Value = res.json().await.unwrap();
        assert_eq!(body["type"], "com.vmware.vapi.std.errors.unauthenticated");
        assert!(body["value"]["messages"][0]["default_message"].is_string());
        let res = http.delete(format!("{url}/rest/com/vmware/cis/session")).header("vmware-api-session-id", &id).send().await.unwrap();
        assert_eq!(res.status(), 200);
        assert!(res.bytes().await.unwrap().is_empty(), "void operations answer an empty body");
    })
}
