//! Appliance › Time server functions: the time zone (`appliance/system/time/timezone`), the synchronization
//! mode (`appliance/timesync`), the NTP servers and their test (`appliance/ntp`), and the current time
//! (`appliance/system/time`).

use crate::error::AppError;
use crate::vsphere::models::appliance::system::time::SystemTimeStruct;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

/// The synchronization modes as the API names them, with what they mean.
pub const SYNC_MODES: &[(&str, &str)] = &[
    ("DISABLED", "Disabled: the appliance keeps its own clock"),
    ("NTP", "NTP: synchronize with the NTP servers below"),
    ("HOST", "Host: synchronize with the ESXi host (VMware Tools)"),
];

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct TimeSettings {
    pub timezone: String,
    /// `DISABLED`, `NTP` or `HOST`.
    pub mode: String,
    pub servers: Vec<String>,
    pub time: SystemTimeStruct,
}

/// One server's result of an NTP test.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct NtpResult {
    pub server: String,
    pub reachable: bool,
    pub message: String,
}

/// A time zone from the list.
pub fn time_zone(name: &str) -> Result<String, AppError> {
    let name = name.trim();
    if super::time_zones::is_time_zone(name) {
        Ok(name.to_string())
    } else {
        Err(AppError::invalid("timezone", format!("“{name}” is not a time zone; choose one from the list.")))
    }
}

/// One of [`SYNC_MODES`].
pub fn sync_mode(mode: &str) -> Result<&'static str, AppError> {
    SYNC_MODES.iter().map(|(m, _)| *m).find(|m| *m == mode).ok_or_else(|| AppError::invalid("mode", "Choose a synchronization mode."))
}

/// The NTP servers typed (one per line, or separated by commas); NTP mode needs at least one.
pub fn ntp_servers(text: &str, mode: &str) -> Result<Vec<String>, AppError> {
    let servers = crate::validate::hosts(text).map_err(|m| AppError::invalid("servers", m))?;
    if servers.is_empty() && mode == "NTP" {
        return Err(AppError::invalid("servers", "NTP synchronization needs at least one NTP server."));
    }
    Ok(servers)
}

#[server(prefix = "/api", endpoint = "appliance/time")]
pub async fn get_time() -> Result<TimeSettings, AppError> {
    crate::api::ssr::with_vc(|vc| async move {
        let (timezone, mode, servers, time) = tokio::try_join!(vc.appliance_system_time_timezone_get(), vc.appliance_timesync_get(), vc.appliance_ntp_get(), vc.appliance_system_time_get())?;
        Ok(TimeSettings { timezone, mode: mode.to_string(), servers, time })
    })
    .await
}

#[server(prefix = "/api", endpoint = "appliance/time/timezone")]
pub async fn set_timezone(timezone: String) -> Result<(), AppError> {
    let keep = |e: AppError| e.with_input(&[("timezone", timezone.as_str())]);
    let name = time_zone(&timezone).map_err(keep)?;
    crate::api::ssr::with_vc(|vc| async move { vc.appliance_system_time_timezone_set(&name).await }).await.map_err(keep)
}

/// The time synchronization form: the mode and the NTP servers typed.
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
pub struct TimeSyncForm {
    pub mode: String,
    #[serde(default)]
    pub servers: String,
}

/// Saves the NTP servers, then the mode (so NTP mode never starts with the old servers).
#[server(prefix = "/api", endpoint = "appliance/time/sync")]
pub async fn set_timesync(#[server(flatten)] form: TimeSyncForm) -> Result<(), AppError> {
    use crate::vsphere::models::appliance::timesync::TimeSyncMode;
    let keep = |e: AppError| e.with_form(&form);
    let m = sync_mode(&form.mode).map_err(keep)?;
    let list = ntp_servers(&form.servers, m).map_err(keep)?;
    let m: TimeSyncMode = m.parse().unwrap_or_else(|never| match never {});
    crate::api::ssr::with_vc(|vc| async move {
        vc.appliance_ntp_set(&list).await?;
        vc.appliance_timesync_set(&m).await
    })
    .await
    .map_err(keep)
}

/// An NTP test as the page shows it after the test form's POST: the servers typed and each one's status.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct NtpTest {
    pub servers: String,
    pub results: Vec<NtpResult>,
}

/// Tests NTP servers (the appliance asks each for the time). A POST, since it makes the appliance contact the
/// hosts typed: the results are kept for the page the form returns to. Nothing is saved.
#[server(prefix = "/api", endpoint = "appliance/time/ntp-test")]
pub async fn test_ntp(servers: String) -> Result<(), AppError> {
    use crate::vsphere::models::appliance::ntp::ServerStatus;
    let keep = |e: AppError| e.with_input(&[("servers", servers.as_str())]);
    let list = crate::validate::hosts(&servers).map_err(|m| keep(AppError::invalid("servers", m)))?;
    if list.is_empty() {
        return Err(keep(AppError::invalid("servers", "Enter at least one NTP server to test.")));
    }
    let results = crate::api::ssr::with_vc(|vc| async move { vc.appliance_ntp_test(&list).await }).await.map_err(keep)?;
    let results = results
        .into_iter()
        .map(|r| NtpResult { reachable: r.status == ServerStatus::ServerReachable, server: r.server, message: r.message.default_message })
        .collect();
    crate::api::ssr::keep_result(<TestNtp as leptos::server_fn::ServerFn>::PATH, &NtpTest { servers: servers.trim().to_string(), results })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn time_zones_come_from_the_list() {
        assert_eq!(time_zone("Europe/Berlin").unwrap(), "Europe/Berlin");
        assert_eq!(time_zone(" UTC ").unwrap(), "UTC");
        assert!(time_zone("Europe/Atlantis").unwrap_err().to_string().contains("not a time zone"));
        assert!(time_zone("europe/berlin").is_err(), "names are case-sensitive, as in zoneinfo");
    }

    #[test]
    fn modes_and_servers() {
        assert_eq!(sync_mode("HOST").unwrap(), "HOST");
        assert!(sync_mode("GPS").is_err());
        assert_eq!(ntp_servers("ntp1.corp.local\n10.0.0.5", "NTP").unwrap(), vec!["ntp1.corp.local", "10.0.0.5"]);
        assert!(ntp_servers("", "NTP").unwrap_err().to_string().contains("at least one NTP server"));
        assert!(ntp_servers("", "HOST").unwrap().is_empty());
        assert!(ntp_servers("ntp..bad", "NTP").unwrap_err().to_string().contains("“ntp..bad” is not a valid host name"));
    }
}
