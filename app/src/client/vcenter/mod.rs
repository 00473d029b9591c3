//! `vcenter/*` inventory lists from one [`ListFilter`]: each kind's list is the generated `vcenter_*_list`
//! with the filters that list accepts (ids under the kind's own name; [`InventoryKind::filters`] says which
//! others). The gets are the generated `vcenter_*_get`.

mod services;

use super::VcSession;
use crate::error::AppError;
use crate::vsphere::inventory::ListFilter;
use crate::vsphere::models::vcenter::{cluster, datacenter, datastore, folder, host, network, resource_pool, vm};

impl VcSession {
    /// Refused by vCenter (`unable_to_allocate_resource`) past 4000 matches.
    pub async fn vm_list(&self, f: &ListFilter) -> Result<Vec<vm::Summary>, AppError> {
        self.vcenter_vm_list(&f.ids, &f.names, &f.folders, &f.datacenters, &f.hosts, &f.clusters, &f.resource_pools, &f.states).await
    }

    /// Refused past 2500 matches.
    pub async fn host_list(&self, f: &ListFilter) -> Result<Vec<host::Summary>, AppError> {
        self.vcenter_host_list(&f.ids, &f.names, &f.folders, &f.datacenters, f.standalone, &f.clusters, &f.states).await
    }

    /// Refused past 1000 matches.
    pub async fn cluster_list(&self, f: &ListFilter) -> Result<Vec<cluster::Summary>, AppError> {
        self.vcenter_cluster_list(&f.ids, &f.names, &f.folders, &f.datacenters).await
    }

    /// Refused past 1000 matches.
    pub async fn datacenter_list(&self, f: &ListFilter) -> Result<Vec<datacenter::Summary>, AppError> {
        self.vcenter_datacenter_list(&f.ids, &f.names, &f.folders).await
    }

    /// Refused past 2500 matches. `states` holds the datastore types.
    pub async fn datastore_list(&self, f: &ListFilter) -> Result<Vec<datastore::Summary>, AppError> {
        self.vcenter_datastore_list(&f.ids, &f.names, &f.states, &f.folders, &f.datacenters).await
    }

    /// Refused past 1000 matches. `states` holds the network types.
    pub async fn network_list(&self, f: &ListFilter) -> Result<Vec<network::Summary>, AppError> {
        self.vcenter_network_list(&f.ids, &f.names, &f.states, &f.folders, &f.datacenters).await
    }

    /// Refused past 1000 matches. The folder type is the first of `states`; the ids are the folders.
    pub async fn folder_list(&self, f: &ListFilter) -> Result<Vec<folder::Summary>, AppError> {
        self.vcenter_folder_list(&f.ids, &f.names, f.states.first().map(String::as_str), &[], &f.datacenters).await
    }

    /// Refused past 1000 matches.
    pub async fn resource_pool_list(&self, f: &ListFilter) -> Result<Vec<resource_pool::Summary>, AppError> {
        self.vcenter_resource_pool_list(&f.ids, &f.names, &[], &f.datacenters, &f.hosts, &f.clusters).await
    }
}
