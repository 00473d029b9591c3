//! `vcenter/*` inventory calls: one module per area (`vm`, `host`, `cluster`, `datacenter`, `datastore`,
//! `network`, `folder`, `resource_pool`), each a list with its filter spec and, where vSphere 6.7 has one, a get.

pub mod cluster;
pub mod datacenter;
pub mod datastore;
pub mod folder;
pub mod host;
pub mod network;
pub mod resource_pool;
pub mod vm;

use crate::vsphere::inventory::{FilterField, InventoryKind, ListFilter};
use crate::vsphere::rest::Query;

/// The `filter.*` query of a list operation: ids under the kind's own name, then the filters that list
/// accepts (the others are not sent).
pub fn filter_query(kind: InventoryKind, f: &ListFilter) -> Query {
    let ids = match kind {
        InventoryKind::Vm => "filter.vms",
        InventoryKind::Host => "filter.hosts",
        InventoryKind::Cluster => "filter.clusters",
        InventoryKind::Datacenter => "filter.datacenters",
        InventoryKind::Datastore => "filter.datastores",
        InventoryKind::Network => "filter.networks",
        InventoryKind::Folder => "filter.folders",
        InventoryKind::ResourcePool => "filter.resource_pools",
    };
    let mut q = Query::new().array(ids, &f.ids);
    for field in kind.filters() {
        q = match field {
            FilterField::Names => q.array("filter.names", &f.names),
            FilterField::Datacenters => q.array("filter.datacenters", &f.datacenters),
            FilterField::Clusters => q.array("filter.clusters", &f.clusters),
            FilterField::Hosts => q.array("filter.hosts", &f.hosts),
            FilterField::Folders => q.array("filter.folders", &f.folders),
            FilterField::ResourcePools => q.array("filter.resource_pools", &f.resource_pools),
            FilterField::PowerStates => q.array("filter.power_states", &f.states),
            FilterField::ConnectionStates => q.array("filter.connection_states", &f.states),
            FilterField::DatastoreTypes | FilterField::NetworkTypes => q.array("filter.types", &f.states),
            FilterField::FolderType => q.opt("filter.type", f.states.first()),
            FilterField::Standalone => q.opt("filter.standalone", f.standalone),
        };
    }
    q
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_the_filters_a_list_accepts_are_sent() {
        let f = ListFilter { names: vec!["a".into(), "b".into()], states: vec!["POWERED_ON".into()], hosts: vec!["host-1".into()], ..Default::default() };
        assert_eq!(filter_query(InventoryKind::Vm, &f).encode(), "filter.names.1=a&filter.names.2=b&filter.hosts.1=host-1&filter.power_states.1=POWERED_ON");
        // Clusters take neither hosts nor states.
        assert_eq!(filter_query(InventoryKind::Cluster, &f).encode(), "filter.names.1=a&filter.names.2=b");
        let ids = ListFilter::ids(vec!["vm-1".into()]);
        assert_eq!(filter_query(InventoryKind::Vm, &ids).encode(), "filter.vms.1=vm-1");
        assert_eq!(filter_query(InventoryKind::ResourcePool, &ids).encode(), "filter.resource_pools.1=vm-1");
    }
}
