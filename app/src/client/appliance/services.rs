//! `appliance/services`: the appliance's operating-system services.

use super::super::VcSession;
use crate::error::AppError;
use crate::vsphere::models::appliance::services::Info;
use crate::vsphere::rest::{Query, VapiMap};

impl VcSession {
    /// `GET /rest/appliance/services`: every service by name.
    pub async fn services_list(&self) -> Result<VapiMap<String, Info>, AppError> {
        self.get("/rest/appliance/services", &Query::new()).await
    }

    /// `GET /rest/appliance/services/{service}`
    pub async fn services_get(&self, service: &str) -> Result<Info, AppError> {
        self.get(&format!("/rest/appliance/services/{}", crate::vsphere::rest::encode_component(service)), &Query::new()).await
    }

    /// `POST /rest/appliance/services/{service}/{start,stop,restart}`
    pub async fn services_control(&self, service: &str, operation: &str) -> Result<(), AppError> {
        self.post(&format!("/rest/appliance/services/{}/{operation}", crate::vsphere::rest::encode_component(service)), None::<&()>).await
    }
}
