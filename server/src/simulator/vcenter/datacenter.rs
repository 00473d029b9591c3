//! `vcenter/datacenter`: list (filter by ids, names, folders; 1000 at most), get, create and delete.
//!
//! vCenter's rules: a datacenter's name is 1 to 80 characters without `/`, `\` or `%`, unique in its folder;
//! it goes in a datacenter folder (the root `Datacenters` folder unless another is named). A datacenter that
//! holds anything (hosts, clusters, virtual machines, datastores, networks) is deleted only when forced, and
//! then with everything in it.

use super::inventory::{Datacenter, Folder, InventoryData};
use super::{capped, Filter};
use crate::simulator::{body, ok, ok_void, Authed, SimError, SimState};
use app::vsphere::models::vcenter::datacenter::CreateSpec;
use app::vsphere::rest::{Query, VapiErrorKind};
use axum::body::Bytes;
use axum::extract::{Path, RawQuery, State};
use axum::response::Response;
use axum::routing::get;
use axum::Router;
use serde::Deserialize;
use serde_json::json;

pub const MAX_NAME: usize = 80;

pub const LIST_CAP: usize = 1000;

pub fn routes() -> Router<SimState> {
    Router::new()
        .route("/rest/vcenter/datacenter", get(list).post(create))
        .route("/rest/vcenter/datacenter/{datacenter}", get(get_one).delete(delete))
}

async fn list(State(state): State<SimState>, _: Authed, RawQuery(q): RawQuery) -> Result<Response, SimError> {
    let f = Filter::parse(q);
    let d = state.inventory.read();
    let items: Vec<_> = d
        .datacenters
        .iter()
        .filter(|c| f.allows("datacenters", &c.id) && f.allows("names", &c.name) && f.allows("folders", &c.folder))
        .map(|c| json!({ "datacenter": c.id, "name": c.name }))
        .collect();
    capped(items, LIST_CAP, "datacenters")
}

async fn get_one(State(state): State<SimState>, _: Authed, Path(id): Path<String>) -> Result<Response, SimError> {
    let d = state.inventory.read();
    let c = d.datacenters.iter().find(|c| c.id == id).ok_or_else(|| SimError::not_found("Datacenter", &id))?;
    Ok(ok(json!({
        "name": c.name,
        "datastore_folder": c.datastore_folder,
        "host_folder": c.host_folder,
        "network_folder": c.network_folder,
        "vm_folder": c.vm_folder
    })))
}

#[derive(Deserialize)]
struct CreateBody {
    spec: CreateSpec,
}

async fn create(State(state): State<SimState>, _: Authed, bytes: Bytes) -> Result<Response, SimError> {
    let CreateBody { spec } = body(&bytes)?;
    let name = spec.name.trim().to_string();
    let invalid = |m: String| SimError::invalid_argument("com.vmware.api.vcenter.datacenter.name.invalid", m, &[]);
    if name.is_empty() || name.chars().count() > MAX_NAME {
        return Err(invalid(format!("A datacenter's name is 1 to {MAX_NAME} characters.")));
    }
    if let Some(c) = name.chars().find(|c| matches!(c, '/' | '\\' | '%')) {
        return Err(invalid(format!("A datacenter's name cannot contain “{c}”.")));
    }
    let mut d = state.inventory.write();
    let folder = spec.folder.unwrap_or_else(|| "group-d1".into());
    match d.folders.iter().find(|f| f.id == folder) {
        None => return Err(SimError::not_found("Folder", &folder)),
        Some(f) if f.kind != "DATACENTER" => {
            return Err(SimError::invalid_argument("com.vmware.api.vcenter.datacenter.folder.type", format!("Folder {} holds {} objects, not datacenters.", f.name, f.kind.to_lowercase().replace('_', " ")), &[&folder]))
        }
        Some(_) => {}
    }
    if d.datacenters.iter().any(|c| c.folder == folder && c.name.eq_ignore_ascii_case(&name)) {
        return Err(SimError::new(VapiErrorKind::AlreadyExists, "com.vmware.api.vcenter.datacenter.name.exists", format!("A datacenter named {name} already exists in this folder."), &[&name]));
    }
    let id = add_datacenter(&mut d, &name, &folder);
    Ok(ok(id))
}

/// The next free number for ids of the form `{prefix}{n}` (`group-v`, `datacenter-` …).
fn next_number(d: &InventoryData) -> u32 {
    let ids = d
        .datacenters
        .iter()
        .map(|c| c.id.as_str())
        .chain(d.folders.iter().map(|f| f.id.as_str()))
        .chain(d.hosts.iter().map(|h| h.id.as_str()))
        .chain(d.resource_pools.iter().map(|p| p.id.as_str()));
    ids.filter_map(|id| id.trim_start_matches(|c: char| !c.is_ascii_digit()).parse::<u32>().ok()).max().unwrap_or(0) + 1
}

/// A new datacenter in `folder` with its four folders (vm, host, datastore, network); its id.
fn add_datacenter(d: &mut InventoryData, name: &str, folder: &str) -> String {
    let n = next_number(d).max(100);
    let id = format!("datacenter-{n}");
    let (v, h, s, nw) = (format!("group-v{}", n + 1), format!("group-h{}", n + 2), format!("group-s{}", n + 3), format!("group-n{}", n + 4));
    for (fid, fname, kind) in [(&v, "vm", "VIRTUAL_MACHINE"), (&h, "host", "HOST"), (&s, "datastore", "DATASTORE"), (&nw, "network", "NETWORK")] {
        d.folders.push(Folder { id: fid.clone(), name: fname.into(), kind, parent: Some(id.clone()), datacenter: Some(id.clone()) });
    }
    d.datacenters.push(Datacenter { id: id.clone(), name: name.into(), folder: folder.into(), vm_folder: v, host_folder: h, datastore_folder: s, network_folder: nw });
    id
}

/// What a datacenter holds, in words ("3 hosts, 1 cluster, 12 virtual machines"); empty when nothing.
pub fn contents(d: &InventoryData, dc: &str) -> String {
    let counts = [
        (d.hosts.iter().filter(|h| h.datacenter == dc).count(), "host", "hosts"),
        (d.clusters.iter().filter(|c| c.datacenter == dc).count(), "cluster", "clusters"),
        (d.vms.iter().filter(|v| v.datacenter == dc).count(), "virtual machine", "virtual machines"),
        (d.datastores.iter().filter(|s| s.datacenter == dc).count(), "datastore", "datastores"),
        (d.networks.iter().filter(|n| n.datacenter == dc).count(), "network", "networks"),
    ];
    counts.iter().filter(|(n, _, _)| *n > 0).map(|(n, one, many)| format!("{n} {}", if *n == 1 { one } else { many })).collect::<Vec<_>>().join(", ")
}

async fn delete(State(state): State<SimState>, _: Authed, Path(id): Path<String>, RawQuery(q): RawQuery) -> Result<Response, SimError> {
    let force = match Query::parse(q.as_deref().unwrap_or("")).get("force") {
        None | Some("false") => false,
        Some("true") => true,
        Some(other) => return Err(SimError::invalid_argument("vapi.bindings.typeconverter.invalid.value", format!("Invalid value '{other}' for 'force'."), &[other])),
    };
    let mut d = state.inventory.write();
    if !d.datacenters.iter().any(|c| c.id == id) {
        return Err(SimError::not_found("Datacenter", &id));
    }
    let held = contents(&d, &id);
    if !held.is_empty() && !force {
        return Err(SimError::new(VapiErrorKind::Other("resource_in_use".into()), "com.vmware.api.vcenter.datacenter.not_empty", format!("Datacenter {id} is not empty: it holds {held}."), &[&id]));
    }
    d.vms.retain(|v| v.datacenter != id);
    d.hosts.retain(|h| h.datacenter != id);
    d.clusters.retain(|c| c.datacenter != id);
    d.resource_pools.retain(|p| p.datacenter != id);
    d.datastores.retain(|s| s.datacenter != id);
    d.networks.retain(|n| n.datacenter != id);
    d.folders.retain(|f| f.datacenter.as_deref() != Some(id.as_str()));
    d.datacenters.retain(|c| c.id != id);
    Ok(ok_void())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_new_datacenter_has_its_four_folders_and_a_fresh_id() {
        let mut d = super::super::inventory::seed(5);
        let id = add_datacenter(&mut d, "Lab", "group-d1");
        assert!(!d.folders.iter().any(|f| f.id == id), "no clash with a folder id");
        assert_eq!(d.folders.iter().filter(|f| f.datacenter.as_deref() == Some(id.as_str())).count(), 4);
        assert_eq!(contents(&d, &id), "");
        assert!(contents(&d, "datacenter-2").contains("5 hosts, 2 clusters"));
    }
}
