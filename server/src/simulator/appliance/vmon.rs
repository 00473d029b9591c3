//! `appliance/vmon/service`: the vCenter services vMon manages — state, health and health messages, startup
//! type; start, stop, restart (each takes a moment, see [`super::services::Lifecycle`]); change the startup
//! type. A DISABLED service cannot be started (`not_allowed_in_current_state`), as vMon refuses it.
//!
//! `vcenter/services` is the same vMon seen from vCenter's side: the same services, state and startup types,
//! and the same wire shapes (`vcenter.services.service.info` / `update_spec` have the fields of
//! `appliance.vmon.service.info` / `update_spec`), so its routes are served here by the same handlers.

use super::services::{operation, Lifecycle};
use crate::simulator::{body, ok, ok_void, Authed, SimError, SimState};
use app::vsphere::rest::VapiErrorKind;
use app::vsphere::models::appliance::vmon::service::{Health, Info, StartupType, State as RunState, UpdateSpec};
use app::vsphere::models::vapi::std::LocalizableMessage;
use app::vsphere::rest::VapiMap;
use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::response::Response;
use axum::routing::{get, post};
use axum::Router;
use serde::Deserialize;
use std::sync::Mutex;

struct Service {
    id: &'static str,
    startup: StartupType,
    run: Lifecycle,
    /// A running service's health when it is not plainly healthy, with its message.
    warning: Option<&'static str>,
}

pub struct Vmon {
    list: Mutex<Vec<Service>>,
}

impl Default for Vmon {
    fn default() -> Self {
        use StartupType::{Automatic as A, Disabled as D, Manual as M};
        // vCenter 6.7 with an embedded PSC: the services vMon manages, their startup types, which run.
        let seed: Vec<(&str, StartupType, bool, Option<&str>)> = vec![
            ("analytics", A, true, None),
            ("applmgmt", A, true, None),
            ("certificateauthority", A, true, None),
            ("cis-license", A, true, None),
            ("cm", A, true, None),
            ("content-library", A, true, None),
            ("eam", A, true, None),
            ("imagebuilder", M, false, None),
            ("lookupsvc", A, true, None),
            ("mbcs", A, true, None),
            ("netdumper", M, false, None),
            ("perfcharts", A, true, None),
            ("pschealth", A, true, None),
            ("rbd", M, false, None),
            ("rhttpproxy", A, true, None),
            ("sca", A, true, None),
            ("sps", A, true, None),
            ("statsmonitor", A, true, None),
            ("sts", A, true, None),
            ("topologysvc", A, true, None),
            ("trustmanagement", A, true, None),
            ("updatemgr", A, true, None),
            ("vapi-endpoint", A, true, None),
            ("vcha", D, false, None),
            ("vmcam", M, false, None),
            ("vmonapi", A, true, None),
            ("vmware-postgres-archiver", A, true, None),
            ("vmware-vpostgres", A, true, None),
            ("vpxd", A, true, None),
            ("vpxd-svcs", A, true, None),
            ("vsan-dps", A, true, None),
            ("vsan-health", A, true, Some("The vSAN health service could not reach 2 of 8 hosts; their vSAN health is not checked.")),
            ("vsm", A, true, None),
            ("vsphere-client", A, true, None),
            ("vsphere-ui", A, true, None),
        ];
        Vmon { list: Mutex::new(seed.into_iter().map(|(id, startup, up, warning)| Service { id, startup, run: Lifecycle::new(up), warning }).collect()) }
    }
}

fn info(s: &mut Service) -> Info {
    let state = s.run.state();
    let (health, health_messages) = match (state, s.warning) {
        ("STARTED", None) => (Some(Health::Healthy), Some(vec![])),
        ("STARTED", Some(w)) => (
            Some(Health::HealthyWithWarnings),
            Some(vec![LocalizableMessage { id: format!("com.vmware.vmon.{}.health.warning", s.id), default_message: w.into(), args: vec![] }]),
        ),
        _ => (None, None),
    };
    Info {
        name_key: format!("cis.{}.ServiceName", s.id),
        description_key: format!("cis.{}.ServiceDescription", s.id),
        startup_type: s.startup.clone(),
        state: state.parse::<RunState>().unwrap_or_else(|never| match never {}),
        health,
        health_messages,
    }
}

pub fn routes() -> Router<SimState> {
    Router::new()
        .route("/rest/appliance/vmon/service", get(list))
        .route("/rest/appliance/vmon/service/{service}", get(get_one).patch(update))
        .route("/rest/appliance/vmon/service/{service}/{op}", post(control))
        .route("/rest/vcenter/services", get(list))
        .route("/rest/vcenter/services/{service}", get(get_one).patch(update))
        .route("/rest/vcenter/services/{service}/{op}", post(control))
}

async fn list(State(s): State<SimState>, _: Authed) -> Response {
    let mut list = s.vmon.list.lock().unwrap();
    ok(list.iter_mut().map(|svc| (svc.id.to_string(), info(svc))).collect::<VapiMap<String, Info>>())
}

fn not_found(service: &str) -> SimError {
    SimError::not_found("Service", service)
}

async fn get_one(State(s): State<SimState>, _: Authed, Path(service): Path<String>) -> Result<Response, SimError> {
    let mut list = s.vmon.list.lock().unwrap();
    let svc = list.iter_mut().find(|x| x.id == service).ok_or_else(|| not_found(&service))?;
    Ok(ok(info(svc)))
}

#[derive(Deserialize)]
struct UpdateBody {
    spec: UpdateSpec,
}

async fn update(State(s): State<SimState>, _: Authed, Path(service): Path<String>, bytes: Bytes) -> Result<Response, SimError> {
    let UpdateBody { spec } = body(&bytes)?;
    let mut list = s.vmon.list.lock().unwrap();
    let svc = list.iter_mut().find(|x| x.id == service).ok_or_else(|| not_found(&service))?;
    match spec.startup_type {
        Some(StartupType::UnknownValue(v)) => Err(SimError::invalid_argument(
            "vapi.bindings.typeconverter.enum.invalid",
            format!("'{v}' is not a startup type; expected AUTOMATIC, MANUAL or DISABLED."),
            &[&v],
        )),
        Some(t) => {
            svc.startup = t;
            Ok(ok_void())
        }
        None => Ok(ok_void()),
    }
}

async fn control(State(s): State<SimState>, _: Authed, uri: axum::http::Uri, Path((service, op)): Path<(String, String)>) -> Result<Response, SimError> {
    let to = operation(&op).ok_or_else(|| SimError::no_operation(&format!("POST {}", uri.path())))?;
    let mut list = s.vmon.list.lock().unwrap();
    let svc = list.iter_mut().find(|x| x.id == service).ok_or_else(|| not_found(&service))?;
    if to != Some(false) && svc.startup == StartupType::Disabled {
        return Err(SimError::new(
            VapiErrorKind::NotAllowedInCurrentState,
            "com.vmware.vmon.service.disabled",
            format!("Service {service} is disabled and cannot be started; change its startup type first."),
            &[&service],
        ));
    }
    svc.run.control(to);
    Ok(ok_void())
}
