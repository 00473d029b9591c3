//! `vcenter/folder`: list (filter by ids, names, type, parent folders, datacenters; 1000 at most).

use super::{capped, Filter};
use crate::simulator::{Authed, SimError, SimState};
use axum::extract::{RawQuery, State};
use axum::response::Response;
use axum::routing::get;
use axum::Router;
use serde_json::json;

pub const LIST_CAP: usize = 1000;

pub fn routes() -> Router<SimState> {
    Router::new().route("/rest/vcenter/folder", get(list))
}

async fn list(State(state): State<SimState>, _: Authed, RawQuery(q): RawQuery) -> Result<Response, SimError> {
    let f = Filter::parse(q);
    f.check_enum("type", &["DATACENTER", "DATASTORE", "HOST", "NETWORK", "VIRTUAL_MACHINE"])?;
    let d = state.inventory.read();
    let items: Vec<_> = d
        .folders
        .iter()
        .filter(|o| {
            f.allows("folders", &o.id)
                && f.allows("names", &o.name)
                && f.allows("type", o.kind)
                && f.allows_opt("parent_folders", o.parent.as_deref())
                && f.allows_opt("datacenters", o.datacenter.as_deref())
        })
        .map(|o| json!({ "folder": o.id, "name": o.name, "type": o.kind }))
        .collect();
    capped(items, LIST_CAP, "folders")
}
