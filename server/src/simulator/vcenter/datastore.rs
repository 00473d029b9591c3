//! `vcenter/datastore`: list (filter by ids, names, types, folders, datacenters; 2500 at most) and get.

use super::{capped, Filter};
use crate::simulator::{ok, Authed, SimError, SimState};
use axum::extract::{Path, RawQuery, State};
use axum::response::Response;
use axum::routing::get;
use axum::Router;
use serde_json::json;

pub const LIST_CAP: usize = 2500;

pub fn routes() -> Router<SimState> {
    Router::new().route("/rest/vcenter/datastore", get(list)).route("/rest/vcenter/datastore/{datastore}", get(get_one))
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
