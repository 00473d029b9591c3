//! `vcenter/resource-pool`: list with its filter spec and get.

use super::super::VcSession;
use super::filter_query;
use crate::error::AppError;
use crate::vsphere::inventory::{InventoryKind, ListFilter};
use crate::vsphere::models::vcenter::resource_pool::Summary;
use crate::vsphere::models::vcenter::resource_pool::Info;

impl VcSession {
    /// `GET /rest/vcenter/resource-pool`: refused by vCenter (`unable_to_allocate_resource`) past 1000 matches.
    pub async fn resource_pool_list(&self, filter: &ListFilter) -> Result<Vec<Summary>, AppError> {
        self.get("/rest/vcenter/resource-pool", &filter_query(InventoryKind::ResourcePool, filter)).await
    }

    /// `GET /rest/vcenter/resource-pool/{id}`
    pub async fn resource_pool_get(&self, id: &str) -> Result<Info, AppError> {
        self.get(&format!("/rest/vcenter/resource-pool/{id}"), &Default::default()).await
    }
}
