//! `vcenter/datacenter`: list (filter by ids, names, folders; 1000 at most) and get.

use super::{capped, Filter};
use crate::simulator::{ok, Authed, SimError, SimState};
use axum::extract::{Path, RawQuery, State};
use axum::response::Response;
use axum::routing::get;
use axum::Router;
use serde_json::json;

pub const LIST_CAP: usize = 1000;

pub fn routes() -> Router<SimState> {
    Router::new().route("/rest/vcenter/datacenter", get(list)).route("/rest/vcenter/datacenter/{datacenter}", get(get_one))
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
