//! `appliance/vmon/service`: the vCenter services vMon manages.

use super::super::VcSession;
use crate::error::AppError;
use crate::vsphere::models::appliance::vmon::service::{Info, StartupType};
use crate::vsphere::rest::{encode_component, Query, VapiMap};
use serde_json::json;

impl VcSession {
    /// `GET /rest/appliance/vmon/service`: every service with its details (`list_details`).
    pub async fn vmon_list_details(&self) -> Result<VapiMap<String, Info>, AppError> {
        self.get("/rest/appliance/vmon/service", &Query::new()).await
    }

    /// `GET /rest/appliance/vmon/service/{service}`
    pub async fn vmon_get(&self, service: &str) -> Result<Info, AppError> {
        self.get(&format!("/rest/appliance/vmon/service/{}", encode_component(service)), &Query::new()).await
    }

    /// `POST /rest/appliance/vmon/service/{service}/{start,stop,restart}`
    pub async fn vmon_control(&self, service: &str, operation: &str) -> Result<(), AppError> {
        self.post(&format!("/rest/appliance/vmon/service/{}/{operation}", encode_component(service)), None::<&()>).await
    }

    /// `PATCH /rest/appliance/vmon/service/{service}`: the startup type.
    pub async fn vmon_update(&self, service: &str, startup_type: &StartupType) -> Result<(), AppError> {
        self.patch(&format!("/rest/appliance/vmon/service/{}", encode_component(service)), &json!({ "spec": { "startup_type": startup_type } })).await
    }
}
