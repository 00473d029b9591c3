//! `vcenter/guest/customization-specs`: the guest customization specifications vCenter keeps (list, filtered
//! by names and OS type; 1000 at most). The 6.7 API only lists them; they are made in the vSphere Client.

use super::{capped, Filter};
use crate::simulator::{Authed, SimError, SimState};
use axum::extract::{RawQuery, State};
use axum::response::Response;
use axum::routing::get;
use axum::Router;
use serde_json::json;

pub const LIST_CAP: usize = 1000;

/// Name, description, OS type, last modified.
pub const SPECS: &[(&str, &str, &str, &str)] = &[
    ("Linux-Static-East", "Fixed addresses on Prod-VLAN100, east.lab DNS", "LINUX", "2018-09-12T08:41:27.000Z"),
    ("Linux-DHCP", "DHCP on any network, host name from the VM name", "LINUX", "2018-06-03T14:02:55.000Z"),
    ("Windows-2016-Domain", "Joins CORP, runs sysprep, sets the time zone to UTC", "WINDOWS", "2018-10-01T10:15:00.000Z"),
];

pub fn routes() -> Router<SimState> {
    Router::new().route("/rest/vcenter/guest/customization-specs", get(list))
}

async fn list(State(_): State<SimState>, _: Authed, RawQuery(q): RawQuery) -> Result<Response, SimError> {
    let f = Filter::parse(q.clone());
    let os = app::vsphere::rest::Query::parse(q.as_deref().unwrap_or("")).get("filter.OS_type").map(str::to_string);
    if let Some(o) = os.as_deref().filter(|o| !matches!(*o, "WINDOWS" | "LINUX")) {
        return Err(SimError::invalid_argument("vapi.bindings.typeconverter.invalid.value", format!("Invalid value '{o}' for field 'filter.OS_type'."), &[o]));
    }
    let items: Vec<_> = SPECS
        .iter()
        .filter(|(name, _, kind, _)| f.allows("names", name) && os.as_deref().is_none_or(|o| o == *kind))
        .map(|(name, description, kind, modified)| json!({ "name": name, "description": description, "OS_type": kind, "last_modified": modified }))
        .collect();
    capped(items, LIST_CAP, "customization specifications")
}
