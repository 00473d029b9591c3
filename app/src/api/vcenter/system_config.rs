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
        t => Some(crate::validate::sha1_thumbprint(t).map_err(|m| AppError::invalid("ssl_thumbprint", m))?),
    };
    Ok(crate::vsphere::models::vcenter::deployment::RemotePscSpec {
        psc_hostname,
        https_port,
        sso_admin_password: form.sso_admin_password.clone(),
        ssl_thumbprint,
        ssl_verify: None,
    })
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
    fn the_form_is_checked_before_sending() {
        let ok = remote_psc(&form(" psc-01.corp.local ", "", "pw", "")).unwrap();
        assert_eq!((ok.psc_hostname.as_str(), ok.https_port), ("psc-01.corp.local", None));
        assert_eq!(remote_psc(&form("psc 01", "", "pw", "")).unwrap_err().invalid_field(), Some("psc_hostname"));
        assert_eq!(remote_psc(&form("psc-01", "70000", "pw", "")).unwrap_err().invalid_field(), Some("https_port"));
        assert_eq!(remote_psc(&form("psc-01", "443", "", "")).unwrap_err().invalid_field(), Some("sso_admin_password"));
        assert_eq!(remote_psc(&form("psc-01", "443", "pw", "12:34")).unwrap_err().invalid_field(), Some("ssl_thumbprint"));
    }
}
