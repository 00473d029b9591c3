//! `vcenter/cluster`: list (filter by ids, names, folders, datacenters; 1000 at most) and get.

use super::{capped, Filter};
use crate::simulator::{ok, Authed, SimError, SimState};
use axum::extract::{Path, RawQuery, State};
use axum::response::Response;
use axum::routing::get;
use axum::Router;
use serde_json::json;

pub const LIST_CAP: usize = 1000;

pub fn routes() -> Router<SimState> {
    Router::new().route("/rest/vcenter/cluster", get(list)).route("/rest/vcenter/cluster/{cluster}", get(get_one))
}

async fn list(State(state): State<SimState>, _: Authed, RawQuery(q): RawQuery) -> Result<Response, SimError> {
    let f = Filter::parse(q);
    let d = state.inventory.read();
    let items: Vec<_> = d
        .clusters
        .iter()
        .filter(|c| f.allows("clusters", &c.id) && f.allows("names", &c.name) && f.allows("folders", &c.folder) && f.allows("datacenters", &c.datacenter))
        .map(|c| json!({ "cluster": c.id, "name": c.name, "ha_enabled": c.ha_enabled, "drs_enabled": c.drs_enabled }))
        .collect();
    capped(items, LIST_CAP, "clusters")
}

async fn get_one(State(state): State<SimState>, _: Authed, Path(id): Path<String>) -> Result<Response, SimError> {
    let d = state.inventory.read();
    let c = d.clusters.iter().find(|c| c.id == id).ok_or_else(|| SimError::not_found("Cluster", &id))?;
    Ok(ok(json!({ "name": c.name, "resource_pool": c.resource_pool })))
}
