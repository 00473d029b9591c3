//! `vcenter/network`: list (filter by ids, names, types, folders, datacenters; 1000 at most), and
//! `vcenter/inventory/network` find: each id's vSphere type (`Network`, `DistributedVirtualPortgroup`,
//! `OpaqueNetwork`), `not_found` when any id is not a network.

use super::{capped, Filter};
use crate::simulator::{Authed, SimError, SimState};
use axum::extract::{RawQuery, State};
use axum::response::Response;
use axum::body::Bytes;
use axum::routing::{get, post};
use axum::Router;
use serde_json::json;

pub const LIST_CAP: usize = 1000;

pub fn routes() -> Router<SimState> {
    Router::new().route("/rest/vcenter/network", get(list)).route("/rest/com/vmware/vcenter/inventory/network", post(find))
}

async fn list(State(state): State<SimState>, _: Authed, RawQuery(q): RawQuery) -> Result<Response, SimError> {
    let f = Filter::parse(q);
    f.check_enum("types", &["STANDARD_PORTGROUP", "DISTRIBUTED_PORTGROUP", "OPAQUE_NETWORK"])?;
    let d = state.inventory.read();
    let items: Vec<_> = d
        .networks
        .iter()
        .filter(|n| {
            f.allows("networks", &n.id)
                && f.allows("names", &n.name)
                && f.allows("types", n.kind)
                && f.allows("folders", &n.folder)
                && f.allows("datacenters", &n.datacenter)
        })
        .map(|n| json!({ "network": n.id, "name": n.name, "type": n.kind }))
        .collect();
    capped(items, LIST_CAP, "networks")
}

#[derive(serde::Deserialize)]
struct FindBody {
    networks: Vec<String>,
}

async fn find(State(state): State<SimState>, _: Authed, RawQuery(q): RawQuery, bytes: Bytes) -> Result<axum::response::Response, SimError> {
    let q = app::vsphere::rest::Query::parse(q.as_deref().unwrap_or(""));
    if q.get("~action") != Some("find") {
        return Err(SimError::no_operation("POST /rest/com/vmware/vcenter/inventory/network"));
    }
    let FindBody { networks } = crate::simulator::body(&bytes)?;
    let d = state.inventory.read();
    let mut out = Vec::new();
    for id in networks {
        let n = d.networks.iter().find(|n| n.id == id).ok_or_else(|| SimError::not_found("Network", &id))?;
        let kind = match n.kind {
            "DISTRIBUTED_PORTGROUP" => "DistributedVirtualPortgroup",
            "OPAQUE_NETWORK" => "OpaqueNetwork",
            _ => "Network",
        };
        out.push((id, json!({ "type": kind })));
    }
    Ok(crate::simulator::ok(app::vsphere::rest::VapiMap(out)))
}
