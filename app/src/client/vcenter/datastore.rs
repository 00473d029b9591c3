//! `vcenter/datastore`: list with its filter spec and get.

use super::super::VcSession;
use super::filter_query;
use crate::error::AppError;
use crate::vsphere::inventory::{InventoryKind, ListFilter};
use crate::vsphere::models::vcenter::datastore::Summary;
use crate::vsphere::models::vcenter::datastore::Info;

impl VcSession {
    /// `GET /rest/vcenter/datastore`: refused by vCenter (`unable_to_allocate_resource`) past 2500 matches.
    pub async fn datastore_list(&self, filter: &ListFilter) -> Result<Vec<Summary>, AppError> {
        self.get("/rest/vcenter/datastore", &filter_query(InventoryKind::Datastore, filter)).await
    }

    /// `GET /rest/vcenter/datastore/{id}`
    pub async fn datastore_get(&self, id: &str) -> Result<Info, AppError> {
        self.get(&format!("/rest/vcenter/datastore/{id}"), &Default::default()).await
    }
}
