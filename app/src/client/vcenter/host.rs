//! `vcenter/host`: list with its filter spec.

use super::super::VcSession;
use super::filter_query;
use crate::error::AppError;
use crate::vsphere::inventory::{InventoryKind, ListFilter};
use crate::vsphere::models::vcenter::host::Summary;

impl VcSession {
    /// `GET /rest/vcenter/host`: refused by vCenter (`unable_to_allocate_resource`) past 2500 matches.
    pub async fn host_list(&self, filter: &ListFilter) -> Result<Vec<Summary>, AppError> {
        self.get("/rest/vcenter/host", &filter_query(InventoryKind::Host, filter)).await
    }
}
