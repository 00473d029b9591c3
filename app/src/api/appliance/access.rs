//! Appliance › Access server functions: `appliance/access/{ssh,dcui,consolecli,shell}`.

use crate::error::AppError;
use crate::vsphere::models::appliance::access::shell::ShellConfig;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

/// The longest the BASH shell may stay enabled, in minutes (vCenter: 86400 seconds).
pub const MAX_SHELL_MINUTES: i64 = 1440;

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct AccessSettings {
    /// (API name, label, enabled) for SSH, DCUI and the console CLI.
    pub services: Vec<(String, String, bool)>,
    pub shell: ShellConfig,
}

/// The shell's time-out in seconds from the minutes typed; a disabled shell needs none.
pub fn shell_timeout_seconds(enabled: bool, minutes: &str) -> Result<i64, AppError> {
    if !enabled {
        return Ok(0);
    }
    match minutes.trim().parse::<i64>() {
        Ok(m) if (1..=MAX_SHELL_MINUTES).contains(&m) => Ok(m * 60),
        Ok(_) => Err(AppError::invalid("timeout_minutes", format!("Enter a time-out between 1 and {MAX_SHELL_MINUTES} minutes (one day)."))),
        Err(_) => Err(AppError::invalid("timeout_minutes", "Enter the time-out as a whole number of minutes.")),
    }
}

#[server(prefix = "/api", endpoint = "appliance/access")]
pub async fn get_access() -> Result<AccessSettings, AppError> {
    use crate::client::appliance::access::ACCESS_SERVICES;
    crate::api::ssr::with_vc(|vc| async move {
        let flags = futures::future::try_join_all(ACCESS_SERVICES.iter().map(|(name, label)| {
            let vc = vc.clone();
            async move { vc.access_get(name).await.map(|on| (name.to_string(), label.to_string(), on)) }
        }));
        let (services, shell) = tokio::try_join!(flags, vc.appliance_access_shell_get())?;
        Ok(AccessSettings { services, shell })
    })
    .await
}

/// The form of one access switch (SSH, DCUI, console CLI): `enabled` is "true" or "false".
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
pub struct AccessForm {
    pub service: String,
    pub enabled: String,
}

#[server(prefix = "/api", endpoint = "appliance/access/set")]
pub async fn set_access(#[server(flatten)] form: AccessForm) -> Result<(), AppError> {
    use crate::client::appliance::access::ACCESS_SERVICES;
    let AccessForm { service, enabled } = form;
    if !ACCESS_SERVICES.iter().any(|(n, _)| *n == service) {
        return Err(AppError::invalid("service", format!("'{service}' is not an access setting.")));
    }
    let on = enabled == "true";
    crate::api::ssr::with_vc(|vc| async move { vc.access_set(&service, on).await }).await
}

/// The BASH shell form: the box (ticked or not) and the time-out in minutes.
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
pub struct ShellForm {
    pub enabled: Option<String>,
    pub timeout_minutes: String,
}

#[server(prefix = "/api", endpoint = "appliance/access/shell")]
pub async fn set_shell(#[server(flatten)] form: ShellForm) -> Result<(), AppError> {
    let keep = |e: AppError| e.with_form(&form);
    let on = form.enabled.is_some();
    let timeout = shell_timeout_seconds(on, &form.timeout_minutes).map_err(keep)?;
    crate::api::ssr::with_vc(|vc| async move { vc.appliance_access_shell_set(&ShellConfig { enabled: on, timeout }).await }).await.map_err(keep)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shell_timeouts_are_checked() {
        assert_eq!(shell_timeout_seconds(true, "15").unwrap(), 900);
        assert_eq!(shell_timeout_seconds(true, " 1440 ").unwrap(), 86_400);
        assert!(shell_timeout_seconds(true, "1441").unwrap_err().to_string().contains("between 1 and 1440"));
        assert!(shell_timeout_seconds(true, "0").is_err());
        assert!(shell_timeout_seconds(true, "ten").unwrap_err().to_string().contains("whole number"));
        assert_eq!(shell_timeout_seconds(false, "ten").unwrap(), 0, "a disabled shell needs no time-out");
    }
}
