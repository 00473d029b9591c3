//! `vcenter/system-config`: the appliance's deployment type (embedded or external PSC) and the PSC it is
//! registered with, over the appliance's deployment state ([`super::deployment::Deployment`]).
//!
//! vCenter's rules, from the API reference:
//! - the type can be read only once the appliance is CONFIGURED; the registration once it is initialized;
//! - reconfigure is for an appliance that is INITIALIZED or CONFIGURED; the one change it makes is an
//!   embedded vCenter (VCSA_EMBEDDED) registering with an external PSC (VCSA_EXTERNAL, `remote_psc` given);
//!   any other change is `unsupported`;
//! - repoint moves a CONFIGURED vCenter with an external PSC to another PSC of the same SSO domain; an embedded
//!   one has no PSC of its own to leave (`unsupported`).
//!
//! The PSC named must answer, with the SSO administrator's password, and its certificate must be the one
//! expected: a thumbprint that differs is refused naming the PSC's own, and so is none at all unless
//! `ssl_verify` is false, which is how vCenter shows the thumbprint to accept.

use super::deployment::Psc;
use crate::simulator::{body, ok, ok_void, Authed, SimError, SimState};
use app::vsphere::models::vcenter::deployment::{ApplianceState, ApplianceType, RemotePscSpec};
use app::vsphere::models::vcenter::system_config::{deployment_type, psc_registration};
use app::vsphere::rest::VapiErrorKind;
use axum::body::Bytes;
use axum::extract::State;
use axum::response::Response;
use axum::routing::get;
use axum::Router;
use serde::Deserialize;

pub fn routes() -> Router<SimState> {
    Router::new()
        .route("/rest/vcenter/system-config/deployment-type", get(get_type).post(reconfigure))
        .route("/rest/vcenter/system-config/psc-registration", get(get_registration).post(repoint))
}

fn not_allowed(message: String) -> SimError {
    SimError::new(VapiErrorKind::NotAllowedInCurrentState, "com.vmware.vcenter.system_config.state", message, &[])
}

fn unsupported(message: String) -> SimError {
    SimError::new(VapiErrorKind::Other("unsupported".into()), "com.vmware.vcenter.system_config.unsupported", message, &[])
}

async fn get_type(State(s): State<SimState>, _: Authed) -> Result<Response, SimError> {
    let d = s.deployment.read();
    if d.state != ApplianceState::Configured {
        return Err(not_allowed(format!("The appliance is {}, not CONFIGURED: its deployment type is not settled yet.", d.state)));
    }
    Ok(ok(deployment_type::Info { r#type: d.kind.clone() }))
}

async fn get_registration(State(s): State<SimState>, _: Authed) -> Result<Response, SimError> {
    let d = s.deployment.read();
    if d.state == ApplianceState::NotInitialized {
        return Err(not_allowed("The appliance is NOT_INITIALIZED: it is registered with no PSC yet.".into()));
    }
    let (address, https_port, sso_domain) = match &d.psc {
        Some(p) => (p.hostname.clone(), p.port, p.sso_domain.clone()),
        None => (s.networking.hostname(), 443, d.sso_domain.clone()),
    };
    Ok(ok(psc_registration::Info { address, https_port, sso_domain }))
}

#[derive(Deserialize)]
struct ReconfigureBody {
    spec: deployment_type::ReconfigureSpec,
}

async fn reconfigure(State(s): State<SimState>, _: Authed, bytes: Bytes) -> Result<Response, SimError> {
    let ReconfigureBody { spec } = body(&bytes)?;
    let mut d = s.deployment.write();
    if !matches!(d.state, ApplianceState::Initialized | ApplianceState::Configured) {
        return Err(not_allowed(format!("The appliance is {}; its type can be changed only when it is INITIALIZED or CONFIGURED.", d.state)));
    }
    if spec.r#type == d.kind {
        return Err(SimError::invalid_argument("com.vmware.vcenter.system_config.same_type", format!("The appliance is already {}.", d.kind), &[]));
    }
    if !(d.kind == ApplianceType::VcsaEmbedded && spec.r#type == ApplianceType::VcsaExternal) {
        return Err(unsupported(format!("A {} appliance cannot be reconfigured as {}: only an embedded vCenter (VCSA_EMBEDDED) can be registered with an external PSC (VCSA_EXTERNAL).", d.kind, spec.r#type)));
    }
    let Some(remote) = spec.remote_psc else {
        return Err(SimError::invalid_argument("com.vmware.vcenter.system_config.remote_psc.required", "Name the external PSC to register with (remote_psc).", &[]));
    };
    let psc = reach(&s, &remote)?;
    d.kind = ApplianceType::VcsaExternal;
    d.psc = Some(psc);
    Ok(ok_void())
}

#[derive(Deserialize)]
struct RepointBody {
    spec: RemotePscSpec,
}

async fn repoint(State(s): State<SimState>, _: Authed, bytes: Bytes) -> Result<Response, SimError> {
    let RepointBody { spec } = body(&bytes)?;
    let mut d = s.deployment.write();
    if d.state != ApplianceState::Configured {
        return Err(not_allowed(format!("The appliance is {}, not CONFIGURED: there is no registration to move.", d.state)));
    }
    if d.kind != ApplianceType::VcsaExternal {
        return Err(unsupported(format!("This appliance is {}: only a vCenter with an external PSC (VCSA_EXTERNAL) can be repointed.", d.kind)));
    }
    let psc = reach(&s, &spec)?;
    if d.psc.as_ref().is_some_and(|p| p.hostname.eq_ignore_ascii_case(&psc.hostname)) {
        return Err(SimError::invalid_argument("com.vmware.vcenter.system_config.same_psc", format!("This vCenter is already registered with {}.", psc.hostname), &[&psc.hostname]));
    }
    if psc.sso_domain != d.sso_domain {
        return Err(SimError::invalid_argument(
            "com.vmware.vcenter.system_config.other_domain",
            format!("{} serves the SSO domain {}, not this vCenter's {}: a repoint stays within one domain.", psc.hostname, psc.sso_domain, d.sso_domain),
            &[&psc.hostname],
        ));
    }
    d.psc = Some(psc);
    Ok(ok_void())
}

/// The external PSC a spec names, checked as vCenter checks it: it answers on its port, the SSO
/// administrator's password is right, its certificate is the expected one.
fn reach(s: &SimState, spec: &RemotePscSpec) -> Result<Psc, SimError> {
    super::deployment::reach_psc(&s.config.password, &spec.psc_hostname, spec.https_port, &spec.sso_admin_password, spec.ssl_thumbprint.as_deref(), spec.ssl_verify)
        .map_err(|m| SimError::invalid_argument("com.vmware.vcenter.deployment.remote_psc.unreachable", m, &[&spec.psc_hostname]))
}
