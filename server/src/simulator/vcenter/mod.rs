//! `vcenter/*`: the inventory lists and gets (`vcenter/vm`, `vcenter/host`, `vcenter/cluster`,
//! `vcenter/datacenter`, `vcenter/datastore`, `vcenter/network`, `vcenter/folder`, `vcenter/resource-pool`)
//! over the seeded [`inventory::Inventory`], with their filter specs and list caps.

pub mod cluster;
pub mod datacenter;
pub mod datastore;
pub mod deployment;
pub mod folder;
pub mod guest;
pub mod host;
pub mod inventory;
pub mod iso;
pub mod network;
pub mod ovf;
pub mod resource_pool;
pub mod storage;
pub mod system_config;
pub mod vm;
pub mod vm_template;

use crate::simulator::{ok, SimError, SimState};
use app::vsphere::rest::VapiErrorKind;
use app::vsphere::rest::Query;
use axum::response::Response;
use axum::Router;
use serde::Serialize;

pub fn routes() -> Router<SimState> {
    Router::new()
        .merge(vm::routes())
        .merge(host::routes())
        .merge(cluster::routes())
        .merge(datacenter::routes())
        .merge(datastore::routes())
        .merge(network::routes())
        .merge(folder::routes())
        .merge(resource_pool::routes())
        .merge(storage::policies::routes())
        .merge(ovf::routes())
        .merge(vm_template::routes())
        .merge(iso::routes())
        .merge(system_config::routes())
        .merge(deployment::routes())
        .merge(guest::routes())
}

/// A list operation's `filter.*` query parameters, in either array form. Each parameter is read from the query
/// once and kept (a list checks every object of the inventory against it: 10,000 VMs, with 100 ids, must not
/// parse the query a million times).
pub struct Filter(Query, std::sync::Mutex<std::collections::HashMap<String, std::sync::Arc<std::collections::HashSet<String>>>>);

impl Filter {
    pub fn parse(raw: Option<String>) -> Self {
        Filter(Query::parse(raw.as_deref().unwrap_or("")), Default::default())
    }

    pub fn values(&self, name: &str) -> Vec<String> {
        self.0.get_array(&format!("filter.{name}"))
    }

    /// The values of parameter `name`, as a set, read once.
    fn set(&self, name: &str) -> std::sync::Arc<std::collections::HashSet<String>> {
        let mut kept = self.1.lock().unwrap_or_else(|p| p.into_inner());
        kept.entry(name.to_string()).or_insert_with(|| std::sync::Arc::new(self.values(name).into_iter().collect())).clone()
    }

    /// True when the filter does not name this parameter or lists `value` in it.
    pub fn allows(&self, name: &str, value: &str) -> bool {
        let v = self.set(name);
        v.is_empty() || v.contains(value)
    }

    /// As [`allows`](Self::allows), for a relation the object may not have (a standalone host has no cluster).
    pub fn allows_opt(&self, name: &str, value: Option<&str>) -> bool {
        let v = self.set(name);
        v.is_empty() || value.is_some_and(|value| v.contains(value))
    }

    /// True when any of `values` is listed (or the parameter is absent).
    pub fn allows_any<'a>(&self, name: &str, mut values: impl Iterator<Item = &'a String>) -> bool {
        let v = self.set(name);
        v.is_empty() || values.any(|value| v.contains(value))
    }

    /// A boolean parameter (`filter.standalone`), refusing anything but `true` / `false`.
    pub fn bool(&self, name: &str) -> Result<Option<bool>, SimError> {
        match self.0.get(&format!("filter.{name}")) {
            None => Ok(None),
            Some("true") => Ok(Some(true)),
            Some("false") => Ok(Some(false)),
            Some(other) => Err(bad_value(name, other)),
        }
    }

    /// Refuses a value outside an enumeration, as vCenter does (`invalid_argument`).
    pub fn check_enum(&self, name: &str, allowed: &[&str]) -> Result<(), SimError> {
        match self.values(name).into_iter().find(|v| !allowed.contains(&v.as_str())) {
            Some(bad) => Err(bad_value(name, &bad)),
            None => Ok(()),
        }
    }
}

fn bad_value(name: &str, value: &str) -> SimError {
    SimError::invalid_argument(
        "vapi.bindings.typeconverter.invalid.value",
        format!("Invalid value '{value}' for field 'filter.{name}'."),
        &[value, name],
    )
}

/// A list answer, refused with `unable_to_allocate_resource` past the operation's cap as vCenter does.
pub fn capped<T: Serialize>(items: Vec<T>, cap: usize, what: &str) -> Result<Response, SimError> {
    if items.len() > cap {
        let n = items.len().to_string();
        let c = cap.to_string();
        return Err(SimError::new(
            VapiErrorKind::Other("unable_to_allocate_resource".into()),
            "com.vmware.api.vcenter.inventory.list.limit_exceeded",
            format!("Too many {what} match the filter: {n}; the limit is {c}."),
            &[&n, &c],
        ));
    }
    Ok(ok(items))
}
