//! vCenter › Services server functions (`vcenter/services`): the services vMon runs for vCenter, as vCenter
//! presents them — state, health, startup type. Start, stop and restart go through Appliance › Services'
//! control form (`kind` `vcenter`), which this page shares with it (rows, confirmation, progress).

use crate::api::appliance::services::ServicesOverview;
use crate::error::AppError;
use leptos::prelude::*;

/// Every vCenter service, by display name; shown in the overview's `vmon` part (the appliance part is empty).
#[server(prefix = "/api", endpoint = "vcenter/services")]
pub async fn get_vcenter_services() -> Result<ServicesOverview, AppError> {
    crate::api::ssr::with_vc(|vc| async move {
        let list = vc.vcenter_services_service_list_details().await?;
        let mut rows: Vec<crate::api::appliance::services::ServiceRow> = list
            .0
            .into_iter()
            .map(|(id, i)| crate::api::appliance::services::ServiceRow {
                name: crate::api::appliance::services::VMON_NAMES.iter().find(|(k, _)| *k == id).map(|(_, n)| n.to_string()).unwrap_or_else(|| id.clone()),
                description: i.description_key,
                state: i.state.to_string(),
                startup_type: Some(i.startup_type.to_string()),
                health: i.health.map(|h| h.to_string()),
                health_messages: i.health_messages.into_iter().flatten().map(|m| m.default_message).collect(),
                id,
            })
            .collect();
        rows.sort_by(|a, b| a.name.to_lowercase().cmp(&b.name.to_lowercase()));
        Ok(ServicesOverview { appliance: vec![], vmon: rows })
    })
    .await
}

/// Sets a vCenter service's startup type (one of [`crate::api::appliance::services::STARTUP_TYPES`]).
#[cfg(feature = "ssr")]
pub async fn set_startup(vc: &crate::client::VcSession, service: &str, startup_type: &str) -> Result<(), AppError> {
    use crate::vsphere::models::vcenter::services::service::{StartupType, UpdateSpec};
    let t = startup_type.parse::<StartupType>().unwrap_or_else(|never| match never {});
    vc.vcenter_services_service_update(service, &UpdateSpec { startup_type: Some(t) }).await
}
