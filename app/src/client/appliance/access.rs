//! `appliance/access`: SSH, DCUI and the console CLI by name (the pages list them from one table); the
//! shell's calls are the generated `appliance_access_shell_*`.

use super::super::VcSession;
use crate::error::AppError;

/// The on/off access services, as the API names them (`/rest/appliance/access/{name}`), with their labels.
pub const ACCESS_SERVICES: &[(&str, &str)] = &[("ssh", "SSH login"), ("dcui", "Direct Console UI"), ("consolecli", "Console command line")];

fn unknown(service: &str) -> AppError {
    AppError::invalid("service", format!("{service:?} is not one of ssh, dcui, consolecli"))
}

impl VcSession {
    /// Whether `ssh`, `dcui` or `consolecli` is enabled (`appliance_access_{name}_get`).
    pub async fn access_get(&self, service: &str) -> Result<bool, AppError> {
        match service {
            "ssh" => self.appliance_access_ssh_get().await,
            "dcui" => self.appliance_access_dcui_get().await,
            "consolecli" => self.appliance_access_consolecli_get().await,
            other => Err(unknown(other)),
        }
    }

    /// Enables or disables `ssh`, `dcui` or `consolecli` (`appliance_access_{name}_set`).
    pub async fn access_set(&self, service: &str, enabled: bool) -> Result<(), AppError> {
        match service {
            "ssh" => self.appliance_access_ssh_set(enabled).await,
            "dcui" => self.appliance_access_dcui_set(enabled).await,
            "consolecli" => self.appliance_access_consolecli_set(enabled).await,
            other => Err(unknown(other)),
        }
    }
}
