//! `appliance/access`: SSH, DCUI, console CLI and the BASH shell.

use super::super::VcSession;
use crate::error::AppError;
use crate::vsphere::models::appliance::access::shell::ShellConfig;
use crate::vsphere::rest::Query;
use serde_json::json;

/// The on/off access services, as the API names them (`/rest/appliance/access/{name}`), with their labels.
pub const ACCESS_SERVICES: &[(&str, &str)] = &[("ssh", "SSH login"), ("dcui", "Direct Console UI"), ("consolecli", "Console command line")];

impl VcSession {
    /// `GET /rest/appliance/access/{ssh,dcui,consolecli}`
    pub async fn access_get(&self, service: &str) -> Result<bool, AppError> {
        self.get(&format!("/rest/appliance/access/{service}"), &Query::new()).await
    }

    /// `PUT /rest/appliance/access/{ssh,dcui,consolecli}`
    pub async fn access_set(&self, service: &str, enabled: bool) -> Result<(), AppError> {
        self.put(&format!("/rest/appliance/access/{service}"), &json!({ "enabled": enabled })).await
    }

    /// `GET /rest/appliance/access/shell`: enabled, and the seconds left when it is.
    pub async fn access_shell_get(&self) -> Result<ShellConfig, AppError> {
        self.get("/rest/appliance/access/shell", &Query::new()).await
    }

    /// `PUT /rest/appliance/access/shell`
    pub async fn access_shell_set(&self, config: &ShellConfig) -> Result<(), AppError> {
        self.put("/rest/appliance/access/shell", &json!({ "config": config })).await
    }
}
