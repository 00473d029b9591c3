//! vCenter › System configuration server functions (`vcenter/system-config`): the deployment type (embedded or
//! external Platform Services Controller) and the PSC this vCenter is registered with; register an embedded
//! vCenter with an external PSC (reconfigure), move to another PSC (repoint). The rules a form is checked
//! against before anything is sent live here.

use crate::error::AppError;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

/// What the page shows; each part is vCenter's answer or its refusal (a type is only known once the appliance
/// is configured).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SystemConfig {
    /// `VCSA_EMBEDDED`, `VCSA_EXTERNAL` or `PSC_EXTERNAL`.
    pub kind: Result<String, String>,
    pub psc: Result<PscRegistration, String>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PscRegistration {
    pub address: String,
    pub https_port: i64,
    pub sso_domain: String,
}

/// A deployment type in words.
pub fn type_label(kind: &str) -> &'static str {
    match kind {
        "VCSA_EMBEDDED" => "vCenter Server with an embedded Platform Services Controller",
        "VCSA_EXTERNAL" => "vCenter Server with an external Platform Services Controller",
        "PSC_EXTERNAL" => "Platform Services Controller",
        _ => "Unknown",
    }
}

/// The external PSC a form names: reconfigure's and repoint's fields.
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
pub struct RemotePscForm {
    pub psc_hostname: String,
    #[serde(default)]
    pub https_port: String,
    #[serde(default)]
    pub sso_admin_password: String,
    #[serde(default)]
    pub ssl_thumbprint: String,
}

/// A SHA-1 certificate thumbprint as vCenter writes it: 20 bytes in hex, `:`-separated (spaces or no
/// separators are accepted, any case); returned in vCenter's form.
pub fn sha1_thumbprint(s: &str) -> Result<String, String> {
    let hex: String = s.chars().filter(|c| !matches!(c, ':' | ' ' | '-')).collect();
    if hex.len() != 40 || !hex.chars().all(|c| c.is_ascii_hexdigit()) {
        return Err("A certificate thumbprint is 20 pairs of hex digits (SHA-1), such as 3C:1F:A2:…".into());
    }
    let up = hex.to_ascii_uppercase();
    Ok(up.as_bytes().chunks(2).map(|p| std::str::from_utf8(p).unwrap_or_default()).collect::<Vec<_>>().join(":"))
}

/// The form checked: host, port (443 when empty), password given, thumbprint well formed when given.
pub fn remote_psc(form: &RemotePscForm) -> Result<crate::vsphere::models::vcenter::deployment::RemotePscSpec, AppError> {
    let psc_hostname = crate::validate::host(&form.psc_hostname).map_err(|m| AppError::invalid("psc_hostname", m))?;
    let https_port = match form.https_port.trim() {
        "" => None,
        p => Some(crate::validate::port(p).map_err(|m| AppError::invalid("https_port", m))?),
    };
    if form.sso_admin_password.is_empty() {
        return Err(AppError::invalid("sso_admin_password", "Enter the SSO administrator's password of the PSC's domain."));
    }
    let ssl_thumbprint = match form.ssl_thumbprint.trim() {
        "" => None,
        t => Some(sha1_thumbprint(t).map_err(|m| AppError::invalid("ssl_thumbprint", m))?),
    };
    Ok(crate::vsphere::models::vcenter::deployment::RemotePscSpec {
        psc_hostname,
        https_port,
        sso_admin_password: form.sso_admin_password.clone(),
        ssl_thumbprint,
        ssl_verify: None,
    })
}

/// The thumbprint vCenter names when it refuses a certificate it does not trust yet (its message ends with
/// "… its thumbprint is 3C:1F:…"), for the page to offer it.
pub fn offered_thumbprint(message: &str) -> Option<String> {
    let at = message.find("thumbprint is ")? + "thumbprint is ".len();
    let candidate: String = message[at..].chars().take_while(|c| c.is_ascii_hexdigit() || *c == ':').collect();
    sha1_thumbprint(&candidate).ok()
}

#[cfg(feature = "ssr")]
fn typed(form: &RemotePscForm) -> Vec<(String, String)> {
    // Never the password.
    vec![("psc_hostname".into(), form.psc_hostname.clone()), ("https_port".into(), form.https_port.clone()), ("ssl_thumbprint".into(), form.ssl_thumbprint.clone())]
}

#[server(prefix = "/api", endpoint = "vcenter/system-config")]
pub async fn get_system_config() -> Result<SystemConfig, AppError> {
    crate::api::ssr::with_vc(|vc| async move {
        let (kind, psc) = tokio::join!(vc.vcenter_system_config_deployment_type_get(), vc.vcenter_system_config_psc_registration_get());
        let refused = |e: AppError| -> Result<String, AppError> {
            match e {
                e @ AppError::Vapi { .. } if !e.is(crate::error::VapiErrorKind::Unauthenticated) => Ok(e.to_string()),
                e => Err(e),
            }
        };
        let kind = match kind {
            Ok(i) => Ok(i.r#type.to_string()),
            Err(e) => Err(refused(e)?),
        };
        let psc = match psc {
            Ok(i) => Ok(PscRegistration { address: i.address, https_port: i.https_port, sso_domain: i.sso_domain }),
            Err(e) => Err(refused(e)?),
        };
        Ok(SystemConfig { kind, psc })
    })
    .await
}

/// Registers this embedded vCenter with an external PSC (reconfigure to VCSA_EXTERNAL).
#[server(prefix = "/api", endpoint = "vcenter/system-config/deployment-type")]
pub async fn reconfigure_deployment_type(#[server(flatten)] form: RemotePscForm) -> Result<(), AppError> {
    use crate::vsphere::models::vcenter::deployment::ApplianceType;
    use crate::vsphere::models::vcenter::system_config::deployment_type::ReconfigureSpec;
    let keep = typed(&form);
    let remote = remote_psc(&form).map_err(|e| e.with_typed(keep.clone()))?;
    let spec = ReconfigureSpec { r#type: ApplianceType::VcsaExternal, remote_psc: Some(remote) };
    crate::api::ssr::with_vc(|vc| async move { vc.vcenter_system_config_deployment_type_reconfigure(&spec).await }).await.map_err(|e| e.with_typed(keep))
}

/// Moves this vCenter to another external PSC of its SSO domain (repoint).
#[server(prefix = "/api", endpoint = "vcenter/system-config/psc-registration")]
pub async fn repoint_psc(#[server(flatten)] form: RemotePscForm) -> Result<(), AppError> {
    let keep = typed(&form);
    let remote = remote_psc(&form).map_err(|e| e.with_typed(keep.clone()))?;
    crate::api::ssr::with_vc(|vc| async move { vc.vcenter_system_config_psc_registration_repoint(&remote).await }).await.map_err(|e| e.with_typed(keep))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn form(host: &str, port: &str, password: &str, print: &str) -> RemotePscForm {
        RemotePscForm { psc_hostname: host.into(), https_port: port.into(), sso_admin_password: password.into(), ssl_thumbprint: print.into() }
    }

    #[test]
    fn thumbprints_are_read_in_any_spelling() {
        let t = "3c1fa27b905de411c8620f9ab344d7286e05b19c";
        assert_eq!(sha1_thumbprint(t).unwrap(), "3C:1F:A2:7B:90:5D:E4:11:C8:62:0F:9A:B3:44:D7:28:6E:05:B1:9C");
        assert!(sha1_thumbprint("3C:1F").is_err());
        assert!(sha1_thumbprint(&"Z".repeat(40)).is_err());
        assert_eq!(
            offered_thumbprint("The certificate of psc-01.corp.local is not trusted: its thumbprint is 3C:1F:A2:7B:90:5D:E4:11:C8:62:0F:9A:B3:44:D7:28:6E:05:B1:9C. Verify it."),
            Some("3C:1F:A2:7B:90:5D:E4:11:C8:62:0F:9A:B3:44:D7:28:6E:05:B1:9C".into())
        );
        assert_eq!(offered_thumbprint("connection refused"), None);
    }

    #[test]
    fn the_form_is_checked_before_sending() {
        let ok = remote_psc(&form(" psc-01.corp.local ", "", "pw", "")).unwrap();
        assert_eq!((ok.psc_hostname.as_str(), ok.https_port), ("psc-01.corp.local", None));
        assert_eq!(remote_psc(&form("psc 01", "", "pw", "")).unwrap_err().invalid_field(), Some("psc_hostname"));
        assert_eq!(remote_psc(&form("psc-01", "70000", "pw", "")).unwrap_err().invalid_field(), Some("https_port"));
        assert_eq!(remote_psc(&form("psc-01", "443", "", "")).unwrap_err().invalid_field(), Some("sso_admin_password"));
        assert_eq!(remote_psc(&form("psc-01", "443", "pw", "12:34")).unwrap_err().invalid_field(), Some("ssl_thumbprint"));
    }
}
