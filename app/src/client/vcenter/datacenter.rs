//! `vcenter/datacenter`: list with its filter spec and get.

use super::super::VcSession;
use super::filter_query;
use crate::error::AppError;
use crate::vsphere::inventory::{InventoryKind, ListFilter};
use crate::vsphere::models::vcenter::datacenter::Summary;
use crate::vsphere::models::vcenter::datacenter::Info;

impl VcSession {
    /// `GET /rest/vcenter/datacenter`: refused by vCenter (`unable_to_allocate_resource`) past 1000 matches.
    pub async fn datacenter_list(&self, filter: &ListFilter) -> Result<Vec<Summary>, AppError> {
        self.get("/rest/vcenter/datacenter", &filter_query(InventoryKind::Datacenter, filter)).await
    }

    /// `GET /rest/vcenter/datacenter/{id}`
    pub async fn datacenter_get(&self, id: &str) -> Result<Info, AppError> {
        self.get(&format!("/rest/vcenter/datacenter/{id}"), &Default::default()).await
    }
}
