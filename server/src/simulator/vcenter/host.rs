//! `vcenter/host`: list (filter by ids, names, folders, datacenters, standalone, clusters, connection
//! states; 2500 at most), add a standalone host, remove one, connect and disconnect.
//!
//! Adding a host is vCenter reaching an ESXi host on the simulated network ([`ESXI`]): the name must resolve
//! and the host answer on port 443, its root account accept the password, its certificate have the
//! thumbprint given (unless verification is NONE; a missing or different one is refused naming the host's own,
//! which is how vCenter shows it to accept), its version be one vCenter 6.7 manages (6.0 and later), and a host
//! another vCenter manages is taken over only with `force_add`. It lands in a host folder as a standalone host
//! with its own root resource pool. A host in a cluster cannot be removed (`resource_in_use`); a standalone
//! one leaves the inventory with its virtual machines. Connecting a connected host, or disconnecting a
//! disconnected one, is `already_in_desired_state`.

use super::inventory::{Host, ResourcePool};
use super::{capped, Filter};
use crate::simulator::{body, ok, ok_void, Authed, SimError, SimState};
use app::vsphere::models::vcenter::host::create_spec::ThumbprintVerification;
use app::vsphere::models::vcenter::host::CreateSpec;
use app::vsphere::rest::VapiErrorKind;
use axum::body::Bytes;
use axum::extract::{Path, RawQuery, State};
use axum::response::Response;
use axum::routing::{delete, get, post};
use axum::Router;
use serde::Deserialize;
use serde_json::json;

pub const LIST_CAP: usize = 2500;

/// The root password of the simulated ESXi hosts.
pub const ESXI_PASSWORD: &str = "Esx-2018!";

/// ESXi hosts on the simulated network that are not in the inventory yet: name, version, SHA-1 certificate
/// thumbprint, the vCenter that manages it now (if any).
pub const ESXI: &[(&str, &str, &str, Option<&str>)] = &[
    ("esx-new-01.east.lab", "6.7.0", "D4:2B:7E:19:C0:5A:83:F6:11:9D:E2:47:3C:B8:60:AF:25:71:CE:08", None),
    ("esx-new-02.east.lab", "6.5.0", "1F:A9:04:6C:D3:7B:E8:52:90:2E:B1:4D:C6:38:F7:05:9A:63:E0:1B", None),
    ("esx-managed-01.east.lab", "6.7.0", "7C:E5:31:0A:9F:B2:64:D8:17:C3:5E:A0:82:F9:4B:26:D1:6E:03:B7", Some("vc-old.corp.local")),
    ("esx-legacy-01.east.lab", "5.5.0", "92:0D:C7:5B:E4:18:A3:6F:2C:B9:71:E0:4D:85:3A:F6:1E:C2:97:54", None),
];

pub fn routes() -> Router<SimState> {
    Router::new()
        .route("/rest/vcenter/host", get(list).post(create))
        .route("/rest/vcenter/host/{host}", delete(remove))
        .route("/rest/vcenter/host/{host}/connect", post(connect))
        .route("/rest/vcenter/host/{host}/disconnect", post(disconnect))
}

async fn list(State(state): State<SimState>, _: Authed, RawQuery(q): RawQuery) -> Result<Response, SimError> {
    let f = Filter::parse(q);
    f.check_enum("connection_states", &["CONNECTED", "DISCONNECTED", "NOT_RESPONDING"])?;
    let standalone = f.bool("standalone")?;
    let d = state.inventory.read();
    let items: Vec<_> = d
        .hosts
        .iter()
        .filter(|h| {
            f.allows("hosts", &h.id)
                && f.allows("names", &h.name)
                && f.allows("folders", &h.folder)
                && f.allows("datacenters", &h.datacenter)
                && standalone.is_none_or(|s| s == h.cluster.is_none())
                && f.allows_opt("clusters", h.cluster.as_deref())
                && f.allows("connection_states", h.connection_state)
        })
        .map(|h| {
            let mut v = json!({ "host": h.id, "name": h.name, "connection_state": h.connection_state });
            if let Some(p) = h.power_state {
                v["power_state"] = json!(p);
            }
            v
        })
        .collect();
    capped(items, LIST_CAP, "hosts")
}

#[derive(Deserialize)]
struct CreateBody {
    spec: CreateSpec,
}

fn invalid(id: &str, message: String, args: &[&str]) -> SimError {
    SimError::invalid_argument(id, message, args)
}

async fn create(State(state): State<SimState>, _: Authed, bytes: Bytes) -> Result<Response, SimError> {
    let CreateBody { spec } = body(&bytes)?;
    let name = spec.hostname.trim().to_ascii_lowercase();
    let mut d = state.inventory.write();
    // Where it goes: a host folder (the only datacenter's, when there is one and none is named).
    let folder = match spec.folder.as_deref() {
        Some(f) => d.folders.iter().find(|x| x.id == f).ok_or_else(|| SimError::not_found("Folder", f))?.clone(),
        None if d.datacenters.len() == 1 => {
            let h = d.datacenters[0].host_folder.clone();
            d.folders.iter().find(|x| x.id == h).ok_or_else(|| SimError::not_found("Folder", &h))?.clone()
        }
        None => return Err(invalid("com.vmware.api.vcenter.host.folder.required", "Choose the host folder to add the host to: this vCenter has more than one datacenter.".into(), &[])),
    };
    if folder.kind != "HOST" {
        return Err(SimError::new(
            VapiErrorKind::Other("invalid_element_type".into()),
            "com.vmware.api.vcenter.host.folder.type",
            format!("Folder {} holds {} objects, not hosts.", folder.name, folder.kind.to_lowercase().replace('_', " ")),
            &[&folder.id],
        ));
    }
    if d.hosts.iter().any(|h| h.name.eq_ignore_ascii_case(&name)) {
        return Err(SimError::new(VapiErrorKind::AlreadyExists, "com.vmware.api.vcenter.host.exists", format!("Host {name} is already in this vCenter's inventory."), &[&name]));
    }
    let Some(&(host_name, version, print, managed_by)) = ESXI.iter().find(|(n, ..)| *n == name) else {
        return Err(SimError::error("com.vmware.api.vcenter.host.unreachable", format!("Cannot contact the host {name}: the name does not resolve."), &[&name]));
    };
    if spec.port.is_some_and(|p| p != 443) {
        return Err(SimError::error("com.vmware.api.vcenter.host.unreachable", format!("Cannot contact the host {name} on port {}: connection refused.", spec.port.unwrap_or_default()), &[&name]));
    }
    if spec.thumbprint_verification == ThumbprintVerification::Thumbprint {
        if let Err(r) = crate::simulator::rules::certificate(&name, print, spec.thumbprint.as_deref(), "add the host") {
            let id = if r.missing { "com.vmware.api.vcenter.host.thumbprint.missing" } else { "com.vmware.api.vcenter.host.thumbprint.mismatch" };
            return Err(invalid(id, r.message, &[&name, print]));
        }
    } else if let ThumbprintVerification::UnknownValue(v) = &spec.thumbprint_verification {
        return Err(invalid("vapi.bindings.typeconverter.enum.invalid", format!("'{v}' is not a thumbprint verification; expected NONE or THUMBPRINT."), &[v]));
    }
    if spec.user_name != "root" || spec.password != ESXI_PASSWORD {
        return Err(SimError::new(VapiErrorKind::Unauthenticated, "com.vmware.api.vcenter.host.login.refused", format!("The host {name} refused the user name or password."), &[&name]));
    }
    if version < "6.0" {
        return Err(SimError::new(VapiErrorKind::Other("unsupported".into()), "com.vmware.api.vcenter.host.version", format!("{name} runs ESXi {version}; vCenter Server 6.7 manages ESXi 6.0 and later."), &[&name, version]));
    }
    if let (Some(other), false) = (managed_by, spec.force_add.unwrap_or(false)) {
        return Err(SimError::new(
            VapiErrorKind::Other("resource_in_use".into()),
            "com.vmware.api.vcenter.host.managed",
            format!("{name} is managed by the vCenter Server {other}. Add it anyway (force) to take it over; {other} loses its connection to it."),
            &[&name, other],
        ));
    }
    let datacenter = folder.datacenter.clone().unwrap_or_default();
    let n = d.hosts.iter().filter_map(|h| h.id.trim_start_matches("host-").parse::<u32>().ok()).max().unwrap_or(0).max(900) + 1;
    let (id, pool) = (format!("host-{n}"), format!("resgroup-{n}"));
    d.hosts.push(Host { id: id.clone(), name: host_name.into(), datacenter: datacenter.clone(), folder: folder.id.clone(), cluster: None, connection_state: "CONNECTED", power_state: Some("POWERED_ON") });
    d.resource_pools.push(ResourcePool { id: pool, name: "Resources".into(), datacenter, parent: None, cluster: None, hosts: vec![id.clone()] });
    Ok(ok(id))
}

async fn remove(State(state): State<SimState>, _: Authed, Path(id): Path<String>) -> Result<Response, SimError> {
    let mut d = state.inventory.write();
    let h = d.hosts.iter().find(|h| h.id == id).ok_or_else(|| SimError::not_found("Host", &id))?;
    if let Some(c) = &h.cluster {
        let cluster = d.clusters.iter().find(|x| &x.id == c).map_or(c.clone(), |x| x.name.clone());
        return Err(SimError::new(
            VapiErrorKind::Other("resource_in_use".into()),
            "com.vmware.api.vcenter.host.in_cluster",
            format!("Host {} is in the cluster {cluster}: move it out of the cluster (in maintenance mode) before removing it.", h.name),
            &[&id],
        ));
    }
    d.vms.retain(|v| v.host != id);
    d.resource_pools.retain(|p| !(p.cluster.is_none() && p.hosts == [id.clone()]));
    d.hosts.retain(|h| h.id != id);
    Ok(ok_void())
}

fn already(message: String) -> SimError {
    SimError::new(VapiErrorKind::Other("already_in_desired_state".into()), "com.vmware.api.vcenter.host.connection.already", message, &[])
}

async fn connect(State(state): State<SimState>, _: Authed, Path(id): Path<String>) -> Result<Response, SimError> {
    let mut d = state.inventory.write();
    let h = d.hosts.iter_mut().find(|h| h.id == id).ok_or_else(|| SimError::not_found("Host", &id))?;
    if h.connection_state == "CONNECTED" {
        return Err(already(format!("Host {} is already connected.", h.name)));
    }
    h.connection_state = "CONNECTED";
    h.power_state = Some("POWERED_ON");
    Ok(ok_void())
}

async fn disconnect(State(state): State<SimState>, _: Authed, Path(id): Path<String>) -> Result<Response, SimError> {
    let mut d = state.inventory.write();
    let h = d.hosts.iter_mut().find(|h| h.id == id).ok_or_else(|| SimError::not_found("Host", &id))?;
    if h.connection_state == "DISCONNECTED" {
        return Err(already(format!("Host {} is already disconnected.", h.name)));
    }
    h.connection_state = "DISCONNECTED";
    h.power_state = None;
    Ok(ok_void())
}
