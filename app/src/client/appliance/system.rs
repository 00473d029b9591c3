//! `appliance/system`: version, uptime, time, time zone (get / set).

use super::super::VcSession;
use crate::error::AppError;
use crate::vsphere::models::appliance::system::{time::SystemTimeStruct, version::VersionStruct};
use crate::vsphere::rest::Query;

impl VcSession {
    /// `GET /rest/appliance/system/version`
    pub async fn system_version(&self) -> Result<VersionStruct, AppError> {
        self.get("/rest/appliance/system/version", &Query::new()).await
    }

    /// `GET /rest/appliance/system/uptime`: seconds since boot.
    pub async fn system_uptime(&self) -> Result<f64, AppError> {
        self.get("/rest/appliance/system/uptime", &Query::new()).await
    }

    /// `GET /rest/appliance/system/time`
    pub async fn system_time(&self) -> Result<SystemTimeStruct, AppError> {
        self.get("/rest/appliance/system/time", &Query::new()).await
    }

    /// `GET /rest/appliance/system/time/timezone`
    pub async fn system_timezone(&self) -> Result<String, AppError> {
        self.get("/rest/appliance/system/time/timezone", &Query::new()).await
    }

    /// `PUT /rest/appliance/system/time/timezone`
    pub async fn system_timezone_set(&self, name: &str) -> Result<(), AppError> {
        self.put("/rest/appliance/system/time/timezone", &serde_json::json!({ "name": name })).await
    }
}
