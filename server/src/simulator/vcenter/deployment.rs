//! The appliance's deployment: its state (NOT_INITIALIZED → … → CONFIGURED), its type (embedded vCenter,
//! vCenter with an external PSC, or a PSC), its SSO domain and the external PSC it is registered with. Read and
//! changed by `vcenter/system-config` ([`super::system_config`]).
//!
//! The simulated network holds two external PSCs of `vsphere.local` and one of another domain; any other
//! name does not resolve.

use app::vsphere::models::vcenter::deployment::{ApplianceState, ApplianceType};
use std::sync::{RwLock, RwLockReadGuard, RwLockWriteGuard};

/// An external PSC this appliance is (or may be) registered with.
#[derive(Clone, Debug, PartialEq)]
pub struct Psc {
    pub hostname: String,
    pub port: i64,
    pub sso_domain: String,
}

/// The PSCs of the simulated network: name, SSO domain, SHA-1 certificate thumbprint.
pub const PSCS: &[(&str, &str, &str)] = &[
    ("psc-01.corp.local", "vsphere.local", "3C:1F:A2:7B:90:5D:E4:11:C8:62:0F:9A:B3:44:D7:28:6E:05:B1:9C"),
    ("psc-02.corp.local", "vsphere.local", "A7:04:5E:C9:22:8B:F1:36:0D:E7:93:4A:6C:B8:15:F0:29:D3:7E:41"),
    ("psc.lab.local", "lab.local", "58:E2:0B:94:7F:C1:3A:D6:81:2E:F5:09:BC:63:47:1D:A0:9E:C4:72"),
];

pub struct DeploymentState {
    pub state: ApplianceState,
    pub kind: ApplianceType,
    pub sso_domain: String,
    /// The external PSC, for VCSA_EXTERNAL; None: the appliance is its own (embedded).
    pub psc: Option<Psc>,
}

pub struct Deployment(RwLock<DeploymentState>);

impl Default for Deployment {
    /// A configured vCenter with an embedded PSC, as the simulator starts.
    fn default() -> Self {
        Deployment(RwLock::new(DeploymentState { state: ApplianceState::Configured, kind: ApplianceType::VcsaEmbedded, sso_domain: "vsphere.local".into(), psc: None }))
    }
}

impl Deployment {
    pub fn read(&self) -> RwLockReadGuard<'_, DeploymentState> {
        self.0.read().unwrap_or_else(|p| p.into_inner())
    }

    pub fn write(&self) -> RwLockWriteGuard<'_, DeploymentState> {
        self.0.write().unwrap_or_else(|p| p.into_inner())
    }
}

/// Reaches an external PSC as the appliance does before registering with it: the name resolves, it answers on
/// its HTTPS port (443), the SSO administrator's password (`sso_password`, the simulator's) is accepted, and
/// its certificate has the expected thumbprint (any case, `:`-separated), unless `ssl_verify` is false. The
/// error is the reason, in vCenter's words.
pub fn reach_psc(sso_password: &str, hostname: &str, port: Option<i64>, password: &str, thumbprint: Option<&str>, ssl_verify: Option<bool>) -> Result<Psc, String> {
    let host = hostname.trim();
    if host.is_empty() {
        return Err("Name the PSC: its address or DNS name.".into());
    }
    let Some((name, domain, print)) = PSCS.iter().find(|(n, _, _)| n.eq_ignore_ascii_case(host)) else {
        return Err(format!("Cannot resolve {host}: no such host."));
    };
    let port = port.unwrap_or(443);
    if port != 443 {
        return Err(format!("{name} does not answer on port {port}: connection refused."));
    }
    if ssl_verify != Some(false) {
        match thumbprint.map(|t| t.trim().to_ascii_uppercase()) {
            Some(t) if t == *print => {}
            Some(t) if !t.is_empty() => return Err(format!("The certificate of {name} has the thumbprint {print}, not {t}.")),
            _ => return Err(format!("The certificate of {name} is not trusted: its thumbprint is {print}. Verify it and give it to continue.")),
        }
    }
    if password != sso_password {
        return Err(format!("{name} refused the SSO administrator's password for {domain}."));
    }
    Ok(Psc { hostname: name.to_string(), port, sso_domain: domain.to_string() })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_psc_is_reached_with_its_thumbprint_and_the_password() {
        let print = PSCS[0].2;
        assert_eq!(reach_psc("pw", "PSC-01.corp.local", None, "pw", Some(&print.to_lowercase()), None).unwrap().hostname, "psc-01.corp.local");
        assert!(reach_psc("pw", "psc-01.corp.local", None, "pw", None, None).unwrap_err().contains(print), "no thumbprint: the PSC's is named");
        assert!(reach_psc("pw", "psc-01.corp.local", None, "pw", Some(PSCS[1].2), None).unwrap_err().contains("not A7"));
        assert!(reach_psc("pw", "psc-01.corp.local", None, "pw", None, Some(false)).is_ok(), "not verified");
        assert!(reach_psc("pw", "psc-01.corp.local", None, "nope", Some(print), None).unwrap_err().contains("password"));
        assert!(reach_psc("pw", "psc-09.corp.local", None, "pw", None, Some(false)).unwrap_err().contains("resolve"));
        assert!(reach_psc("pw", "psc-01.corp.local", Some(8443), "pw", Some(print), None).unwrap_err().contains("8443"));
    }
}
