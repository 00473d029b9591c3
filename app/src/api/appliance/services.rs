//! Appliance › Services server functions: the appliance's services (`appliance/services`) and the vCenter
//! services vMon manages (`appliance/vmon/service`) — state, health, startup type; start, stop, restart.

use crate::error::AppError;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

/// Display names of the vMon services (the API gives resource-bundle keys, not names).
pub const VMON_NAMES: &[(&str, &str)] = &[
    ("analytics", "VMware Analytics Service"),
    ("applmgmt", "VMware Appliance Management Service"),
    ("certificateauthority", "VMware Certificate Authority Service"),
    ("cis-license", "VMware License Service"),
    ("cm", "VMware Component Manager"),
    ("content-library", "VMware Content Library Service"),
    ("eam", "VMware ESX Agent Manager"),
    ("imagebuilder", "VMware Image Builder Manager"),
    ("lookupsvc", "VMware Lookup Service"),
    ("mbcs", "VMware Message Bus Configuration Service"),
    ("netdumper", "VMware vSphere ESXi Dump Collector"),
    ("perfcharts", "VMware Performance Charts"),
    ("pschealth", "VMware Platform Services Controller Health"),
    ("rbd", "VMware vSphere Auto Deploy Waiter"),
    ("rhttpproxy", "VMware HTTP Reverse Proxy"),
    ("sca", "VMware Service Control Agent"),
    ("sps", "VMware vSphere Profile-Driven Storage Service"),
    ("statsmonitor", "VMware Appliance Monitoring Service"),
    ("sts", "VMware Security Token Service"),
    ("topologysvc", "VMware Topology Service"),
    ("trustmanagement", "VMware Trust Management Service"),
    ("updatemgr", "VMware Update Manager"),
    ("vapi-endpoint", "VMware vAPI Endpoint"),
    ("vcha", "VMware vCenter High Availability"),
    ("vmcam", "VMware vSphere Authentication Proxy"),
    ("vmonapi", "VMware Service Lifecycle Manager API"),
    ("vmware-postgres-archiver", "VMware Postgres Archiver"),
    ("vmware-vpostgres", "VMware Postgres"),
    ("vpxd", "VMware vCenter Server"),
    ("vpxd-svcs", "VMware vCenter-Services"),
    ("vsan-dps", "VMware vSAN Data Protection Service"),
    ("vsan-health", "VMware vSAN Health Service"),
    ("vsm", "VMware vService Manager"),
    ("vsphere-client", "VMware vSphere Client (Flex)"),
    ("vsphere-ui", "VMware vSphere Client"),
];

/// The startup types, as the API names them, with labels.
pub const STARTUP_TYPES: &[(&str, &str)] = &[("AUTOMATIC", "Automatic"), ("MANUAL", "Manual"), ("DISABLED", "Disabled")];

/// One service of either list.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ServiceRow {
    pub id: String,
    pub name: String,
    pub description: String,
    /// `STARTED`, `STOPPED`, `STARTING`, `STOPPING`.
    pub state: String,
    /// vMon only.
    pub startup_type: Option<String>,
    /// vMon only, while running: `HEALTHY`, `HEALTHY_WITH_WARNINGS`, `DEGRADED`.
    pub health: Option<String>,
    pub health_messages: Vec<String>,
}

impl ServiceRow {
    /// Starting or stopping: the page reloads until it settles.
    pub fn moving(&self) -> bool {
        self.state == "STARTING" || self.state == "STOPPING"
    }
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ServicesOverview {
    pub appliance: Vec<ServiceRow>,
    pub vmon: Vec<ServiceRow>,
}

impl ServicesOverview {
    /// Services starting or stopping as a progress display shows them, on the page and in its event stream
    /// alike: running while any moves ("Starting VMware Performance Charts, …"), then succeeded.
    pub fn progress(&self) -> crate::jobs::JobProgress {
        let moving: Vec<String> = self
            .appliance
            .iter()
            .chain(self.vmon.iter())
            .filter(|r| r.moving())
            .map(|r| format!("{} {}", if r.state == "STARTING" { "Starting" } else { "Stopping" }, r.name))
            .collect();
        let mut p = crate::jobs::JobProgress::running("A service is starting or stopping", 0, 0, moving.join(", "));
        if moving.is_empty() {
            p.state = crate::jobs::JobState::Succeeded;
        }
        p
    }
}

/// The filter of the Services page: `q` in the id or name (any case), `state` `running` / `stopped` / any.
pub fn matches(row: &ServiceRow, q: &str, state: &str) -> bool {
    let q = q.trim().to_lowercase();
    let text = q.is_empty() || row.id.to_lowercase().contains(&q) || row.name.to_lowercase().contains(&q) || row.description.to_lowercase().contains(&q);
    let st = match state {
        "running" => row.state == "STARTED" || row.state == "STARTING",
        "stopped" => row.state == "STOPPED" || row.state == "STOPPING",
        _ => true,
    };
    text && st
}

/// Which page shows services: Appliance › Services (the appliance's own and vMon's) or vCenter › Services
/// (`vcenter/services`, vMon as vCenter presents it).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum ServicesScope {
    Appliance,
    Vcenter,
}

impl ServicesScope {
    pub fn path(self) -> &'static str {
        match self {
            ServicesScope::Appliance => "/appliance/services",
            ServicesScope::Vcenter => "/vcenter/services",
        }
    }

    /// The event stream that follows its services until none is starting or stopping.
    pub fn source(self) -> crate::jobs::Source {
        match self {
            ServicesScope::Appliance => crate::jobs::Source::Services,
            ServicesScope::Vcenter => crate::jobs::Source::VcenterServices,
        }
    }
}

/// `appliance`, `vmon` or `vcenter`, and `start` / `stop` / `restart`.
pub fn control_request(kind: &str, operation: &str) -> Result<(&'static str, &'static str), AppError> {
    let kind = match kind {
        "appliance" => "appliance",
        "vmon" => "vmon",
        "vcenter" => "vcenter",
        _ => return Err(AppError::invalid("kind", "Unknown kind of service.")),
    };
    let op = match operation {
        "start" => "start",
        "stop" => "stop",
        "restart" => "restart",
        _ => return Err(AppError::invalid("operation", "Choose start, stop or restart.")),
    };
    Ok((kind, op))
}

/// Where to go back to after an action: the services page it came from with its filter, never elsewhere.
#[cfg_attr(not(feature = "ssr"), allow(dead_code))]
fn back_to(back: &str) -> String {
    let page = [ServicesScope::Appliance, ServicesScope::Vcenter].into_iter().map(ServicesScope::path).find(|p| back.starts_with(p));
    match page {
        Some(_) if !back.contains("//") => back.to_string(),
        Some(p) => p.to_string(),
        None => "/appliance/services".to_string(),
    }
}

#[server(prefix = "/api", endpoint = "appliance/services")]
pub async fn get_services() -> Result<ServicesOverview, AppError> {
    crate::api::ssr::with_vc(|vc| async move {
        let (apps, vmon) = tokio::try_join!(vc.appliance_services_list(), vc.appliance_vmon_service_list_details())?;
        let mut appliance: Vec<ServiceRow> = apps
            .iter()
            .map(|(id, i)| ServiceRow {
                id: id.clone(),
                name: id.clone(),
                description: i.description.clone(),
                state: i.state.to_string(),
                startup_type: None,
                health: None,
                health_messages: vec![],
            })
            .collect();
        let mut vmon: Vec<ServiceRow> = vmon
            .iter()
            .map(|(id, i)| ServiceRow {
                id: id.clone(),
                name: VMON_NAMES.iter().find(|(k, _)| k == id).map(|(_, n)| n.to_string()).unwrap_or_else(|| id.clone()),
                description: i.description_key.clone(),
                state: i.state.to_string(),
                startup_type: Some(i.startup_type.to_string()),
                health: i.health.as_ref().map(|h| h.to_string()),
                health_messages: i.health_messages.iter().flatten().map(|m| m.default_message.clone()).collect(),
            })
            .collect();
        appliance.sort_by(|a, b| a.id.cmp(&b.id));
        vmon.sort_by(|a, b| a.name.to_lowercase().cmp(&b.name.to_lowercase()));
        Ok(ServicesOverview { appliance, vmon })
    })
    .await
}

/// Starts, stops or restarts a service, then shows the page again (with its filter).
/// A start / stop / restart button's form: which service API (`vmon` or `services`), the service, the
/// operation and the page to go back to.
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
pub struct ControlForm {
    pub kind: String,
    pub service: String,
    pub operation: String,
    #[serde(default)]
    pub back: String,
}

#[server(prefix = "/api", endpoint = "appliance/services/control")]
pub async fn control_service(#[server(flatten)] form: ControlForm) -> Result<(), AppError> {
    let ControlForm { kind, service, operation, back } = form;
    let (kind, op) = control_request(&kind, &operation)?;
    crate::api::ssr::with_vc(|vc| async move {
        // The service's state now, from its own get: a start of a running service or a stop of a stopped one
        // is said so, not sent.
        let state = match kind {
            "vmon" => vc.appliance_vmon_service_get(&service).await?.state.to_string(),
            "vcenter" => vc.vcenter_services_service_get(&service).await?.state.to_string(),
            _ => vc.appliance_services_get(&service).await?.state.to_string(),
        };
        if let Some(why) = control_pointless(&service, op, &state) {
            return Err(AppError::Refused(why));
        }
        match kind {
            "vmon" => vc.vmon_control(&service, op).await,
            "vcenter" => vc.vcenter_services_control(&service, op).await,
            _ => vc.services_control(&service, op).await,
        }
    })
    .await?;
    leptos_axum::redirect(&back_to(&back));
    Ok(())
}

/// Why `op` on a service in `state` would change nothing, if it would not.
pub fn control_pointless(service: &str, op: &str, state: &str) -> Option<String> {
    match (op, state) {
        ("start", "STARTED" | "STARTING") => Some(format!("{service} is already running.")),
        ("stop", "STOPPED" | "STOPPING") => Some(format!("{service} is already stopped.")),
        _ => None,
    }
}

/// A service's startup type form; `kind` `vcenter` for `vcenter/services`, vMon's otherwise.
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
pub struct StartupForm {
    pub service: String,
    pub startup_type: String,
    #[serde(default)]
    pub kind: String,
}

#[server(prefix = "/api", endpoint = "appliance/vmon/startup")]
pub async fn set_startup_type(#[server(flatten)] form: StartupForm) -> Result<(), AppError> {
    use crate::vsphere::models::appliance::vmon::service::{StartupType, UpdateSpec};
    let StartupForm { service, startup_type, kind } = form;
    let t = STARTUP_TYPES
        .iter()
        .find(|(v, _)| *v == startup_type)
        .map(|(v, _)| *v)
        .ok_or_else(|| AppError::invalid("startup_type", "Choose Automatic, Manual or Disabled."))?;
    crate::api::ssr::with_vc(|vc| async move {
        if kind == "vcenter" {
            crate::api::vcenter::services::set_startup(&vc, &service, t).await
        } else {
            let t = t.parse::<StartupType>().unwrap_or_else(|never| match never {});
            vc.appliance_vmon_service_update(&service, &UpdateSpec { startup_type: Some(t) }).await
        }
    })
    .await
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(id: &str, name: &str, state: &str) -> ServiceRow {
        ServiceRow { id: id.into(), name: name.into(), description: String::new(), state: state.into(), startup_type: None, health: None, health_messages: vec![] }
    }

    #[test]
    fn the_filter_reads_names_and_states() {
        let vpxd = row("vpxd", "VMware vCenter Server", "STARTED");
        assert!(matches(&vpxd, "", ""));
        assert!(matches(&vpxd, "VCENTER", "running"), "name, any case");
        assert!(matches(&vpxd, "pxd", ""), "id");
        assert!(!matches(&vpxd, "postgres", ""));
        assert!(!matches(&vpxd, "", "stopped"));
        assert!(matches(&row("rbd", "Auto Deploy", "STOPPING"), "", "stopped"), "on its way down counts as stopped");
        assert!(matches(&row("rbd", "Auto Deploy", "STARTING"), "", "running"));
    }

    #[test]
    fn only_known_kinds_and_operations() {
        assert_eq!(control_request("vmon", "restart").unwrap(), ("vmon", "restart"));
        assert!(control_request("vmon", "kill").is_err());
        assert!(control_request("docker", "stop").is_err());
        assert_eq!(back_to("/appliance/services?q=vpxd"), "/appliance/services?q=vpxd");
        assert_eq!(back_to("https://evil.example/"), "/appliance/services");
        assert_eq!(back_to("/vcenter/services?state=stopped"), "/vcenter/services?state=stopped");
        assert_eq!(back_to("/vcenter/services//evil.example"), "/vcenter/services");
        assert_eq!(control_request("vcenter", "stop").unwrap(), ("vcenter", "stop"));
    }

    #[test]
    fn a_start_of_a_running_service_or_a_stop_of_a_stopped_one_is_not_sent() {
        assert!(control_pointless("vpxd", "start", "STARTED").unwrap().contains("already running"));
        assert!(control_pointless("vpxd", "stop", "STOPPING").unwrap().contains("already stopped"));
        assert_eq!(control_pointless("vpxd", "restart", "STARTED"), None);
        assert_eq!(control_pointless("vpxd", "start", "STOPPED"), None);
    }
}
