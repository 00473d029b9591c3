//! `appliance/logging`: syslog forwarding.

use super::super::VcSession;
use crate::error::AppError;
use crate::vsphere::models::appliance::logging::forwarding::{Config, ConnectionStatus};
use crate::vsphere::rest::Query;
use serde_json::json;

impl VcSession {
    /// `GET /rest/appliance/logging/forwarding`
    pub async fn logging_forwarding_get(&self) -> Result<Vec<Config>, AppError> {
        self.get("/rest/appliance/logging/forwarding", &Query::new()).await
    }

    /// `PUT /rest/appliance/logging/forwarding`: replaces the list (at most three).
    pub async fn logging_forwarding_set(&self, servers: &[Config]) -> Result<(), AppError> {
        self.put("/rest/appliance/logging/forwarding", &json!({ "cfg_list": servers })).await
    }

    /// `POST /rest/appliance/logging/forwarding?action=test`: each configured server's state.
    pub async fn logging_forwarding_test(&self, send_test_message: bool) -> Result<Vec<ConnectionStatus>, AppError> {
        self.post("/rest/appliance/logging/forwarding?action=test", Some(&json!({ "send_test_message": send_test_message }))).await
    }
}
