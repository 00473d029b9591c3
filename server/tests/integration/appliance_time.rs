//! `appliance/ntp`, `appliance/timesync` and the time zone (`appliance/system/time/timezone`) through our
//! client against the simulator: defaults, changes that persist, refusals, and the NTP test's two outcomes.

use crate::common;

use app::error::VapiErrorKind;
use app::vsphere::models::appliance::ntp::ServerStatus;
use app::vsphere::models::appliance::timesync::TimeSyncMode;
use common::*;

#[test]
fn time_zone_mode_and_servers_persist_and_bad_values_are_refused() {
    crate::common::block_on(async {
        let (url, _) = spawn_sim(Default::default()).await;
        let s = client(&url).login(USER, PASSWORD).await.unwrap();
        assert_eq!(s.appliance_system_time_timezone_get().await.unwrap(), "UTC");
        s.appliance_system_time_timezone_set("Europe/Berlin").await.unwrap();
        assert_eq!(s.appliance_system_time_timezone_get().await.unwrap(), "Europe/Berlin");
        assert_eq!(s.appliance_system_time_get().await.unwrap().timezone, "Europe/Berlin", "the time reports the zone too");
        // The clock reads in the zone: India is 5 h 30 min ahead of UTC all year.
        s.appliance_system_time_timezone_set("Asia/Kolkata").await.unwrap();
        let t = s.appliance_system_time_get().await.unwrap();
        let minutes = |hms: &str| hms[..2].parse::<i64>().unwrap() * 60 + hms[3..5].parse::<i64>().unwrap();
        let utc = (t.seconds_since_epoch as i64).rem_euclid(86_400) / 60;
        let ahead = (minutes(&t.time) - utc).rem_euclid(24 * 60);
        assert!((329..=331).contains(&ahead), "{} is 5:30 ahead of UTC ({utc} min into the UTC day), not {ahead} min", t.time);
        s.appliance_system_time_timezone_set("Europe/Berlin").await.unwrap();
        let e = s.appliance_system_time_timezone_set("Mars/Olympus_Mons").await.unwrap_err();
        assert!(e.is(VapiErrorKind::InvalidArgument) && e.to_string().contains("Unknown time zone 'Mars/Olympus_Mons'"), "{e}");
        assert_eq!(s.appliance_system_time_timezone_get().await.unwrap(), "Europe/Berlin");

        assert_eq!(s.appliance_timesync_get().await.unwrap(), TimeSyncMode::Ntp);
        s.appliance_timesync_set(&TimeSyncMode::Host).await.unwrap();
        assert_eq!(s.appliance_timesync_get().await.unwrap(), TimeSyncMode::Host);
        let e = s.appliance_timesync_set(&TimeSyncMode::UnknownValue("GPS".into())).await.unwrap_err();
        assert!(e.is(VapiErrorKind::Error) && e.to_string().contains("'GPS'"), "{e}");

        assert_eq!(s.appliance_ntp_get().await.unwrap(), vec!["0.vmware.pool.ntp.org", "1.vmware.pool.ntp.org"]);
        let mine = vec!["ntp1.corp.local".to_string(), "10.1.1.1".to_string()];
        s.appliance_ntp_set(&mine).await.unwrap();
        assert_eq!(s.appliance_ntp_get().await.unwrap(), mine);
        let e = s.appliance_ntp_set(&["good.local".into(), "bad host".into()]).await.unwrap_err();
        assert!(e.is(VapiErrorKind::Error) && e.to_string().contains("'bad host' is not a valid host name"), "{e}");
        assert_eq!(s.appliance_ntp_get().await.unwrap(), mine, "a refused list changes nothing");
    })
}

#[test]
fn the_ntp_test_reports_each_server() {
    crate::common::block_on(async {
        let (url, _) = spawn_sim(Default::default()).await;
        let s = client(&url).login(USER, PASSWORD).await.unwrap();
        let r = s.appliance_ntp_test(&["ntp1.corp.local".into(), "ntp.unreachable.invalid".into(), "192.0.2.10".into()]).await.unwrap();
        let got: Vec<(&str, ServerStatus)> = r.iter().map(|t| (t.server.as_str(), t.status.clone())).collect();
        assert_eq!(
            got,
            vec![("ntp1.corp.local", ServerStatus::ServerReachable), ("ntp.unreachable.invalid", ServerStatus::ServerUnreachable), ("192.0.2.10", ServerStatus::ServerUnreachable)]
        );
        assert!(r[1].message.default_message.contains("Could not reach NTP server ntp.unreachable.invalid"));
        assert_eq!(s.appliance_ntp_get().await.unwrap(), vec!["0.vmware.pool.ntp.org", "1.vmware.pool.ntp.org"], "a test saves nothing");
    })
}
