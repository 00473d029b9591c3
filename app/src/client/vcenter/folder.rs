//! `vcenter/folder`: list with its filter spec.

use super::super::VcSession;
use super::filter_query;
use crate::error::AppError;
use crate::vsphere::inventory::{InventoryKind, ListFilter};
use crate::vsphere::models::vcenter::folder::Summary;

impl VcSession {
    /// `GET /rest/vcenter/folder`: refused by vCenter (`unable_to_allocate_resource`) past 1000 matches.
    pub async fn folder_list(&self, filter: &ListFilter) -> Result<Vec<Summary>, AppError> {
        self.get("/rest/vcenter/folder", &filter_query(InventoryKind::Folder, filter)).await
    }
}
