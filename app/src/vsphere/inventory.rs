//! The inventory as the console shows it, shared by the server and the browser: the eight object kinds the
//! `vcenter/*` list operations serve, their list caps, the filters each accepts, and the tagging object
//! types (`vapi.std.dynamic_ID.type`) with words a person understands.

use serde::{Deserialize, Serialize};

/// An inventory list: `GET /rest/vcenter/{vm,host,cluster,datacenter,datastore,network,folder,resource-pool}`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum InventoryKind {
    Vm,
    Host,
    Cluster,
    Datacenter,
    Datastore,
    Network,
    Folder,
    ResourcePool,
}

/// A filter a list operation accepts (`filter.<name>`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FilterField {
    Names,
    Datacenters,
    Clusters,
    Hosts,
    Folders,
    ResourcePools,
    PowerStates,
    ConnectionStates,
    DatastoreTypes,
    NetworkTypes,
    FolderType,
    Standalone,
}

impl InventoryKind {
    pub const ALL: [InventoryKind; 8] = [
        Self::Vm,
        Self::Host,
        Self::Cluster,
        Self::Datacenter,
        Self::Datastore,
        Self::Network,
        Self::Folder,
        Self::ResourcePool,
    ];

    /// The API area's last name part, also the console's URL part: `vm`, `resource-pool` …
    pub fn slug(self) -> &'static str {
        match self {
            Self::Vm => "vm",
            Self::Host => "host",
            Self::Cluster => "cluster",
            Self::Datacenter => "datacenter",
            Self::Datastore => "datastore",
            Self::Network => "network",
            Self::Folder => "folder",
            Self::ResourcePool => "resource-pool",
        }
    }

    pub fn from_slug(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.slug() == s)
    }

    pub fn plural(self) -> &'static str {
        match self {
            Self::Vm => "Virtual machines",
            Self::Host => "Hosts",
            Self::Cluster => "Clusters",
            Self::Datacenter => "Datacenters",
            Self::Datastore => "Datastores",
            Self::Network => "Networks",
            Self::Folder => "Folders",
            Self::ResourcePool => "Resource pools",
        }
    }

    pub fn singular(self) -> &'static str {
        match self {
            Self::Vm => "Virtual machine",
            Self::Host => "Host",
            Self::Cluster => "Cluster",
            Self::Datacenter => "Datacenter",
            Self::Datastore => "Datastore",
            Self::Network => "Network",
            Self::Folder => "Folder",
            Self::ResourcePool => "Resource pool",
        }
    }

    /// vCenter refuses a list with more matches than this (`unable_to_allocate_resource`); there is no paging.
    pub fn cap(self) -> usize {
        match self {
            Self::Vm => 4000,
            Self::Host | Self::Datastore => 2500,
            _ => 1000,
        }
    }

    /// Whether `GET /rest/vcenter/<kind>/{id}` exists in vSphere 6.7.
    pub fn has_get(self) -> bool {
        matches!(self, Self::Vm | Self::Cluster | Self::Datacenter | Self::Datastore | Self::ResourcePool)
    }

    /// The filters the list operation accepts, besides ids.
    pub fn filters(self) -> &'static [FilterField] {
        use FilterField::*;
        match self {
            Self::Vm => &[Names, Datacenters, Clusters, Hosts, Folders, ResourcePools, PowerStates],
            Self::Host => &[Names, Datacenters, Clusters, Folders, ConnectionStates, Standalone],
            Self::Cluster => &[Names, Datacenters, Folders],
            Self::Datacenter => &[Names, Folders],
            Self::Datastore => &[Names, Datacenters, Folders, DatastoreTypes],
            Self::Network => &[Names, Datacenters, Folders, NetworkTypes],
            Self::Folder => &[Names, Datacenters, FolderType],
            Self::ResourcePool => &[Names, Datacenters, Clusters, Hosts],
        }
    }

    /// The kind a tagging object type belongs to.
    pub fn of_object_type(t: &str) -> Option<Self> {
        Some(match t {
            "VirtualMachine" => Self::Vm,
            "HostSystem" => Self::Host,
            "ClusterComputeResource" => Self::Cluster,
            "Datacenter" => Self::Datacenter,
            "Datastore" => Self::Datastore,
            "Network" | "DistributedVirtualPortgroup" | "OpaqueNetwork" => Self::Network,
            "Folder" => Self::Folder,
            "ResourcePool" => Self::ResourcePool,
            _ => return None,
        })
    }

    /// The tagging object type of an object of this kind (networks depend on their own type).
    pub fn object_type(self, network_type: Option<&str>) -> &'static str {
        match self {
            Self::Vm => "VirtualMachine",
            Self::Host => "HostSystem",
            Self::Cluster => "ClusterComputeResource",
            Self::Datacenter => "Datacenter",
            Self::Datastore => "Datastore",
            Self::Network => match network_type {
                Some("DISTRIBUTED_PORTGROUP") => "DistributedVirtualPortgroup",
                Some("OPAQUE_NETWORK") => "OpaqueNetwork",
                _ => "Network",
            },
            Self::Folder => "Folder",
            Self::ResourcePool => "ResourcePool",
        }
    }
}

/// The object types a category can be limited to, as vCenter names them, with the words the console shows.
pub const ASSOCIABLE_TYPES: &[(&str, &str)] = &[
    ("VirtualMachine", "Virtual machine"),
    ("HostSystem", "Host"),
    ("ClusterComputeResource", "Cluster"),
    ("Datacenter", "Datacenter"),
    ("Datastore", "Datastore"),
    ("StoragePod", "Datastore cluster"),
    ("Network", "Network"),
    ("DistributedVirtualPortgroup", "Distributed port group"),
    ("DistributedVirtualSwitch", "Distributed switch"),
    ("OpaqueNetwork", "Opaque network"),
    ("Folder", "Folder"),
    ("ResourcePool", "Resource pool"),
    ("VirtualApp", "vApp"),
    ("com.vmware.content.Library", "Content library"),
    ("com.vmware.content.library.Item", "Library item"),
];

/// "VirtualMachine" → "Virtual machine"; a type the console does not know is shown as sent.
pub fn object_type_label(t: &str) -> String {
    ASSOCIABLE_TYPES.iter().find(|(k, _)| *k == t).map(|(_, v)| v.to_string()).unwrap_or_else(|| t.to_string())
}

/// A list's filter, in the console's terms; each list operation sends the parts it accepts.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct ListFilter {
    pub ids: Vec<String>,
    pub names: Vec<String>,
    pub datacenters: Vec<String>,
    pub clusters: Vec<String>,
    pub hosts: Vec<String>,
    pub folders: Vec<String>,
    pub resource_pools: Vec<String>,
    /// VM power states, host connection states, datastore types, network types or the folder type.
    pub states: Vec<String>,
    pub standalone: Option<bool>,
}

impl ListFilter {
    pub fn ids(ids: Vec<String>) -> Self {
        ListFilter { ids, ..Self::default() }
    }

    /// True when nothing narrows the list.
    pub fn is_empty(&self) -> bool {
        *self == Self::default()
    }
}

/// One row of an inventory list, whatever its kind.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct InventoryRow {
    pub id: String,
    pub name: String,
    /// The tagging object type (`VirtualMachine` …).
    pub object_type: String,
    /// The list's other columns, in order: (heading, value).
    pub details: Vec<(String, String)>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kinds_round_trip_through_slugs_and_object_types() {
        for k in InventoryKind::ALL {
            assert_eq!(InventoryKind::from_slug(k.slug()), Some(k));
            assert_eq!(InventoryKind::of_object_type(k.object_type(None)), Some(k));
        }
        assert_eq!(InventoryKind::Network.object_type(Some("DISTRIBUTED_PORTGROUP")), "DistributedVirtualPortgroup");
        assert_eq!(object_type_label("HostSystem"), "Host");
        assert_eq!(object_type_label("com.acme.Thing"), "com.acme.Thing");
    }
}
