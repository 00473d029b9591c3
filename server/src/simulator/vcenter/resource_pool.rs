//! `vcenter/resource-pool`: list (filter by ids, names, parent pools, datacenters, hosts, clusters; 1000 at
//! most) and get (name and child pools).

use super::{capped, Filter};
use crate::simulator::{ok, Authed, SimError, SimState};
use axum::extract::{Path, RawQuery, State};
use axum::response::Response;
use axum::routing::get;
use axum::Router;
use serde_json::json;

pub const LIST_CAP: usize = 1000;

pub fn routes() -> Router<SimState> {
    Router::new().route("/rest/vcenter/resource-pool", get(list)).route("/rest/vcenter/resource-pool/{resource_pool}", get(get_one))
}

async fn list(State(state): State<SimState>, _: Authed, RawQuery(q): RawQuery) -> Result<Response, SimError> {
    let f = Filter::parse(q);
    let d = state.inventory.read();
    let items: Vec<_> = d
        .resource_pools
        .iter()
        .filter(|p| {
            f.allows("resource_pools", &p.id)
                && f.allows("names", &p.name)
                && f.allows_opt("parent_resource_pools", p.parent.as_deref())
                && f.allows("datacenters", &p.datacenter)
                && f.allows_any("hosts", p.hosts.iter())
                && f.allows_opt("clusters", p.cluster.as_deref())
        })
        .map(|p| json!({ "resource_pool": p.id, "name": p.name }))
        .collect();
    capped(items, LIST_CAP, "resource pools")
}

async fn get_one(State(state): State<SimState>, _: Authed, Path(id): Path<String>) -> Result<Response, SimError> {
    let d = state.inventory.read();
    let p = d.resource_pools.iter().find(|p| p.id == id).ok_or_else(|| SimError::not_found("Resource pool", &id))?;
    let children: Vec<_> = d.resource_pools.iter().filter(|c| c.parent.as_deref() == Some(id.as_str())).map(|c| c.id.clone()).collect();
    Ok(ok(json!({ "name": p.name, "resource_pools": children })))
}
