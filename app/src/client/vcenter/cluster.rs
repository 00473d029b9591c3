//! `vcenter/cluster`: list with its filter spec and get.

use super::super::VcSession;
use super::filter_query;
use crate::error::AppError;
use crate::vsphere::inventory::{InventoryKind, ListFilter};
use crate::vsphere::models::vcenter::cluster::Summary;
use crate::vsphere::models::vcenter::cluster::Info;

impl VcSession {
    /// `GET /rest/vcenter/cluster`: refused by vCenter (`unable_to_allocate_resource`) past 1000 matches.
    pub async fn cluster_list(&self, filter: &ListFilter) -> Result<Vec<Summary>, AppError> {
        self.get("/rest/vcenter/cluster", &filter_query(InventoryKind::Cluster, filter)).await
    }

    /// `GET /rest/vcenter/cluster/{id}`
    pub async fn cluster_get(&self, id: &str) -> Result<Info, AppError> {
        self.get(&format!("/rest/vcenter/cluster/{id}"), &Default::default()).await
    }
}
