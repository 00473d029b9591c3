//! `vcenter/datastore`: list (filter by ids, names, types, folders, datacenters; 2500 at most), get, its
//! default storage policy (`vcenter/datastore/default-policy`: vSAN's default on vSAN, none elsewhere), and
//! `vcenter/inventory/datastore` find (each id's type; `not_found` when any id is not a datastore).

use super::{capped, Filter};
use crate::simulator::{ok, Authed, SimError, SimState};
use axum::extract::{Path, RawQuery, State};
use axum::response::Response;
use axum::body::Bytes;
use axum::routing::{get, post};
use axum::Router;
use serde_json::json;

pub const LIST_CAP: usize = 2500;

pub fn routes() -> Router<SimState> {
    Router::new()
        .route("/rest/vcenter/datastore", get(list))
        .route("/rest/vcenter/datastore/{datastore}", get(get_one))
        .route("/rest/vcenter/datastore/{datastore}/default-policy", get(default_policy))
        .route("/rest/com/vmware/vcenter/inventory/datastore", post(find))
}

async fn list(State(state): State<SimState>, _: Authed, RawQuery(q): RawQuery) -> Result<Response, SimError> {
    let f = Filter::parse(q);
    f.check_enum("types", &["VMFS", "NFS", "NFS41", "CIFS", "VSAN", "VFFS", "VVOL"])?;
    let d = state.inventory.read();
    let items: Vec<_> = d
        .datastores
        .iter()
        .filter(|s| {
            f.allows("datastores", &s.id)
                && f.allows("names", &s.name)
                && f.allows("types", s.kind)
                && f.allows("folders", &s.folder)
                && f.allows("datacenters", &s.datacenter)
        })
        .map(|s| json!({ "datastore": s.id, "name": s.name, "type": s.kind, "free_space": s.free_space, "capacity": s.capacity }))
        .collect();
    capped(items, LIST_CAP, "datastores")
}

async fn get_one(State(state): State<SimState>, _: Authed, Path(id): Path<String>) -> Result<Response, SimError> {
    let d = state.inventory.read();
    let s = d.datastores.iter().find(|s| s.id == id).ok_or_else(|| SimError::not_found("Datastore", &id))?;
    Ok(ok(json!({
        "name": s.name,
        "type": s.kind,
        "accessible": s.accessible,
        "free_space": s.free_space,
        "multiple_host_access": s.multiple_host_access,
        "thin_provisioning_supported": s.thin_provisioning_supported
    })))
}

async fn default_policy(State(state): State<SimState>, _: Authed, Path(id): Path<String>) -> Result<Response, SimError> {
    let d = state.inventory.read();
    if !d.datastores.iter().any(|s| s.id == id) {
        return Err(SimError::not_found("Datastore", &id));
    }
    Ok(ok(super::storage::policies::default_policy(&d, &id)))
}

#[derive(serde::Deserialize)]
struct FindBody {
    datastores: Vec<String>,
}

/// `~action=find`: each datastore id with its type (`Datastore`), as the inventory service answers it.
async fn find(State(state): State<SimState>, _: Authed, axum::extract::RawQuery(q): axum::extract::RawQuery, bytes: Bytes) -> Result<Response, SimError> {
    let q = app::vsphere::rest::Query::parse(q.as_deref().unwrap_or(""));
    if q.get("~action") != Some("find") {
        return Err(SimError::no_operation("POST /rest/com/vmware/vcenter/inventory/datastore"));
    }
    let FindBody { datastores } = crate::simulator::body(&bytes)?;
    let d = state.inventory.read();
    let mut out = serde_json::Map::new();
    for id in datastores {
        if !d.datastores.iter().any(|s| s.id == id) {
            return Err(SimError::not_found("Datastore", &id));
        }
        out.insert(id, json!({ "type": "Datastore" }));
    }
    Ok(ok(app::vsphere::rest::VapiMap(out.into_iter().collect::<Vec<_>>())))
}
