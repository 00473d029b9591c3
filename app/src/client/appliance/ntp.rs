//! `appliance/ntp`: NTP servers and their test.

use super::super::VcSession;
use crate::error::AppError;
use crate::vsphere::models::appliance::ntp::TestRunStatus;
use crate::vsphere::rest::Query;
use serde_json::json;

impl VcSession {
    /// `GET /rest/appliance/ntp`
    pub async fn ntp_get(&self) -> Result<Vec<String>, AppError> {
        self.get("/rest/appliance/ntp", &Query::new()).await
    }

    /// `PUT /rest/appliance/ntp`: replaces the list.
    pub async fn ntp_set(&self, servers: &[String]) -> Result<(), AppError> {
        self.put("/rest/appliance/ntp", &json!({ "servers": servers })).await
    }

    /// `POST /rest/appliance/ntp/test`: each server's status.
    pub async fn ntp_test(&self, servers: &[String]) -> Result<Vec<TestRunStatus>, AppError> {
        self.post("/rest/appliance/ntp/test", Some(&json!({ "servers": servers }))).await
    }
}
