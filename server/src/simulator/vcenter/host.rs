//! `vcenter/host`: list (filter by ids, names, folders, datacenters, standalone, clusters, connection
//! states; 2500 at most).

use super::{capped, Filter};
use crate::simulator::{Authed, SimError, SimState};
use axum::extract::{RawQuery, State};
use axum::response::Response;
use axum::routing::get;
use axum::Router;
use serde_json::json;

pub const LIST_CAP: usize = 2500;

pub fn routes() -> Router<SimState> {
    Router::new().route("/rest/vcenter/host", get(list))
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
