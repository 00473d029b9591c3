//! Appliance › Shutdown server functions (`appliance/shutdown`): the pending shutdown, reboot or power off
//! after a delay with a reason, cancel. The shell shows a pending shutdown as a banner on every page.

use crate::error::AppError;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

/// The longest delay the console offers, in minutes (a week).
pub const MAX_DELAY_MINUTES: i64 = 10_080;
/// The longest reason accepted, in characters.
pub const MAX_REASON: usize = 256;

/// A scheduled reboot or power-off.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PendingShutdown {
    /// `reboot` or `poweroff`.
    pub action: String,
    /// When, as vCenter sent it (ISO 8601).
    pub at: String,
    /// Seconds from now, when this was read.
    pub seconds_left: i64,
    pub reason: String,
}

impl PendingShutdown {
    /// The countdown as a progress display shows it, in the banner and in its event stream alike.
    pub fn progress(&self) -> crate::jobs::JobProgress {
        crate::jobs::JobProgress::running(format!("The appliance will {}", self.verb()), 0, 0, crate::jobs::countdown(self.seconds_left))
    }

    /// "reboot" / "power off", for sentences.
    pub fn verb(&self) -> &'static str {
        action_verb(&self.action)
    }
}

pub fn action_verb(action: &str) -> &'static str {
    if action == "poweroff" {
        "power off"
    } else {
        "reboot"
    }
}

/// `reboot` or `poweroff`.
pub fn power_action(action: &str) -> Result<&'static str, AppError> {
    match action {
        "reboot" => Ok("reboot"),
        "poweroff" => Ok("poweroff"),
        _ => Err(AppError::invalid("action", "Choose Reboot or Power off.")),
    }
}

/// The delay in whole minutes, 0 (now) to a week.
pub fn shutdown_delay(minutes: &str) -> Result<i64, AppError> {
    match minutes.trim().parse::<i64>() {
        Ok(m) if (0..=MAX_DELAY_MINUTES).contains(&m) => Ok(m),
        Ok(_) => Err(AppError::invalid("delay", format!("Enter a delay between 0 (now) and {MAX_DELAY_MINUTES} minutes (a week)."))),
        Err(_) => Err(AppError::invalid("delay", "Enter the delay as a whole number of minutes (0 for now).")),
    }
}

/// A reason is required (it is logged and shown to other administrators).
pub fn shutdown_reason(reason: &str) -> Result<String, AppError> {
    let r = reason.trim();
    if r.is_empty() {
        return Err(AppError::invalid("reason", "Enter a reason: it is logged and shown to other administrators."));
    }
    let n = r.chars().count();
    if n > MAX_REASON {
        return Err(AppError::invalid("reason", format!("The reason is {n} characters long; at most {MAX_REASON} are allowed.")));
    }
    Ok(r.to_string())
}

/// The pending shutdown, if any.
#[server(prefix = "/api", endpoint = "appliance/shutdown")]
pub async fn get_shutdown() -> Result<Option<PendingShutdown>, AppError> {
    use time::format_description::well_known::Rfc3339;
    crate::api::ssr::with_vc(|vc| async move {
        let c = vc.appliance_shutdown_get().await?;
        Ok(match (c.action.as_str(), c.shutdown_time) {
            ("", _) | (_, None) => None,
            (action, Some(at)) => {
                let seconds_left = time::OffsetDateTime::parse(&at, &Rfc3339)
                    .map(|t| (t - time::OffsetDateTime::now_utc()).whole_seconds().max(0))
                    .unwrap_or(0);
                Some(PendingShutdown { action: action.to_string(), at, seconds_left, reason: c.reason })
            }
        })
    })
    .await
}

/// The shutdown form: reboot or power off, after how many minutes, and why.
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
pub struct ShutdownForm {
    pub action: String,
    #[serde(default)]
    pub delay: String,
    #[serde(default)]
    pub reason: String,
}

/// Reboots or powers off after `delay` minutes; on success the browser goes to the Shutdown page.
#[server(prefix = "/api", endpoint = "appliance/shutdown/schedule")]
pub async fn schedule_shutdown(#[server(flatten)] form: ShutdownForm) -> Result<(), AppError> {
    let keep = |e: AppError| e.with_form(&form);
    let what = power_action(&form.action).map_err(keep)?;
    let minutes = shutdown_delay(&form.delay).map_err(keep)?;
    let why = shutdown_reason(&form.reason).map_err(keep)?;
    crate::api::ssr::with_vc(|vc| async move {
        match what {
            "poweroff" => vc.appliance_shutdown_poweroff(minutes, &why).await,
            _ => vc.appliance_shutdown_reboot(minutes, &why).await,
        }
    })
    .await
    .map_err(keep)?;
    leptos_axum::redirect("/appliance/shutdown");
    Ok(())
}

#[server(prefix = "/api", endpoint = "appliance/shutdown/cancel")]
pub async fn cancel_shutdown() -> Result<(), AppError> {
    crate::api::ssr::with_vc(|vc| async move { vc.appliance_shutdown_cancel().await }).await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn delays_are_whole_minutes_up_to_a_week() {
        assert_eq!(shutdown_delay("0").unwrap(), 0);
        assert_eq!(shutdown_delay(" 10 ").unwrap(), 10);
        assert_eq!(shutdown_delay("10080").unwrap(), 10_080);
        assert!(shutdown_delay("10081").unwrap_err().to_string().contains("between 0 (now) and 10080"));
        assert!(shutdown_delay("-1").is_err());
        assert!(shutdown_delay("1.5").unwrap_err().to_string().contains("whole number"));
        assert!(shutdown_delay("").is_err());
    }

    #[test]
    fn a_reason_is_required_and_bounded() {
        assert_eq!(shutdown_reason("  patching ").unwrap(), "patching");
        assert!(shutdown_reason("   ").unwrap_err().to_string().contains("Enter a reason"));
        assert!(shutdown_reason(&"x".repeat(257)).unwrap_err().to_string().contains("257 characters"));
        assert!(shutdown_reason(&"x".repeat(256)).is_ok());
    }

    #[test]
    fn only_reboot_and_poweroff() {
        assert_eq!(power_action("reboot").unwrap(), "reboot");
        assert_eq!(power_action("poweroff").unwrap(), "poweroff");
        assert!(power_action("halt").is_err());
        assert_eq!(action_verb("poweroff"), "power off");
    }
}
