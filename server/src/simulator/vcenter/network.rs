//! `vcenter/network`: list (filter by ids, names, types, folders, datacenters; 1000 at most).

use super::{capped, Filter};
use crate::simulator::{Authed, SimError, SimState};
use axum::extract::{RawQuery, State};
use axum::response::Response;
use axum::routing::get;
use axum::Router;
use serde_json::json;

pub const LIST_CAP: usize = 1000;

pub fn routes() -> Router<SimState> {
    Router::new().route("/rest/vcenter/network", get(list))
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
