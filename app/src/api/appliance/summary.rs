//! Appliance › Summary: `appliance/system` (version, uptime, time, time zone) and `appliance/health` (overall,
//! last check, every subsystem, messages of those not green), fetched in parallel in one server call.

use crate::error::AppError;
use crate::vsphere::models::appliance::system::{time::SystemTimeStruct, version::VersionStruct};
use crate::vsphere::models::appliance::Notification;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ApplianceSummary {
    pub version: VersionStruct,
    /// Seconds since the appliance booted.
    pub uptime_seconds: f64,
    pub time: SystemTimeStruct,
    pub timezone: String,
    pub health: HealthReport,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct HealthReport {
    /// `health/system`
    pub overall: String,
    /// `health/system/lastcheck`
    pub lastcheck: String,
    pub items: Vec<HealthItem>,
}

/// One subsystem: its level, or why it could not be read (e.g. a missing privilege), and its messages.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct HealthItem {
    pub id: String,
    pub label: String,
    pub level: Result<String, AppError>,
    pub messages: Vec<Notification>,
}

#[server(prefix = "/api", endpoint = "appliance/summary")]
pub async fn get_appliance_summary() -> Result<ApplianceSummary, AppError> {
    use crate::api::ssr::with_vc;
    use crate::client::appliance::health::HEALTH_ITEMS;
    use crate::vsphere::HealthLevel;

    with_vc(|vc| async move {
        let items = HEALTH_ITEMS.iter().map(|(id, label)| {
            let vc = vc.clone();
            async move {
                let level = vc.health(id).await;
                // Messages only for subsystems that are not green (a green one has none to show).
                let messages = match &level {
                    Ok(l) if HealthLevel::from(l.as_str()) != HealthLevel::Green => vc.appliance_health_messages(id).await.unwrap_or_default(),
                    _ => Vec::new(),
                };
                HealthItem { id: id.to_string(), label: label.to_string(), level, messages }
            }
        });
        let (version, uptime, time, timezone, overall, lastcheck, items) = tokio::join!(
            vc.appliance_system_version_get(),
            vc.appliance_system_uptime_get(),
            vc.appliance_system_time_get(),
            vc.appliance_system_time_timezone_get(),
            vc.health("system"),
            vc.appliance_health_system_lastcheck(),
            futures::future::join_all(items),
        );
        // An expired session fails every call, `version` first among them, and `with_vc` sends the user to log in.
        Ok(ApplianceSummary {
            version: version?,
            uptime_seconds: uptime?,
            time: time?,
            timezone: timezone?,
            health: HealthReport { overall: overall?, lastcheck: lastcheck?, items },
        })
    })
    .await
}
