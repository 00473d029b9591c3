//! `vcenter/network`: list with its filter spec.

use super::super::VcSession;
use super::filter_query;
use crate::error::AppError;
use crate::vsphere::inventory::{InventoryKind, ListFilter};
use crate::vsphere::models::vcenter::network::Summary;

impl VcSession {
    /// `GET /rest/vcenter/network`: refused by vCenter (`unable_to_allocate_resource`) past 1000 matches.
    pub async fn network_list(&self, filter: &ListFilter) -> Result<Vec<Summary>, AppError> {
        self.get("/rest/vcenter/network", &filter_query(InventoryKind::Network, filter)).await
    }
}
