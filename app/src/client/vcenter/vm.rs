//! `vcenter/vm`: list with its filter spec and get.

use super::super::VcSession;
use super::filter_query;
use crate::error::AppError;
use crate::vsphere::inventory::{InventoryKind, ListFilter};
use crate::vsphere::models::vcenter::vm::Summary;
use crate::vsphere::models::vcenter::vm::Info;

impl VcSession {
    /// `GET /rest/vcenter/vm`: refused by vCenter (`unable_to_allocate_resource`) past 4000 matches.
    pub async fn vm_list(&self, filter: &ListFilter) -> Result<Vec<Summary>, AppError> {
        self.get("/rest/vcenter/vm", &filter_query(InventoryKind::Vm, filter)).await
    }

    /// `GET /rest/vcenter/vm/{id}`
    pub async fn vm_get(&self, id: &str) -> Result<Info, AppError> {
        self.get(&format!("/rest/vcenter/vm/{id}"), &Default::default()).await
    }
}
