//! vCenter › Deployment server functions (`vcenter/deployment`): the appliance's first-boot workflow — its
//! state and the step it is at, install (embedded, with an external PSC, or a PSC; a new SSO domain or a
//! replica) or upgrade from an earlier appliance, each checked before it starts; the question it may ask,
//! cancel, rollback of a failed one, and the deferred history import. The form rules live here.

use crate::error::AppError;
use crate::jobs::{JobProgress, JobState};
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct QuestionView {
    pub id: String,
    pub text: String,
    pub answers: Vec<String>,
    pub default: String,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct HistoryView {
    /// `PENDING`, `RUNNING`, `BLOCKED` (paused), `SUCCEEDED`, `FAILED`.
    pub status: String,
    pub done: i64,
    pub total: i64,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct DeploymentView {
    /// `INITIALIZED`, `CONFIG_IN_PROGRESS`, `QUESTION_RAISED`, `FAILED`, `CONFIGURED` …
    pub state: String,
    pub operation: String,
    pub description: String,
    pub status: String,
    pub done: i64,
    pub total: i64,
    pub step: String,
    pub error: Option<String>,
    pub steps: Vec<(String, String)>,
    pub question: Option<QuestionView>,
    pub history: Option<HistoryView>,
    /// What the install or upgrade under way was given (its spec, as vCenter keeps it; passwords left out).
    #[serde(default)]
    pub spec: Vec<(String, String)>,
}

/// A spec's rows without the passwords vCenter may echo.
pub fn spec_rows(rows: Vec<(String, String)>) -> Vec<(String, String)> {
    rows.into_iter().filter(|(k, _)| !k.contains("password")).collect()
}

impl DeploymentView {
    pub fn running(&self) -> bool {
        matches!(self.state.as_str(), "CONFIG_IN_PROGRESS" | "QUESTION_RAISED")
    }

    /// The install or upgrade as a progress display shows it (and its event stream), then the history import.
    pub fn progress(&self) -> JobProgress {
        if self.state == "CONFIG_IN_PROGRESS" {
            return JobProgress::running(self.description.clone(), self.done as u64, self.total as u64, self.step.clone());
        }
        if let Some(h) = self.history.as_ref().filter(|h| h.status == "RUNNING") {
            return JobProgress::running("Importing the historical data", h.done as u64, h.total as u64, "");
        }
        let state = if self.state == "FAILED" { JobState::Failed } else { JobState::Succeeded };
        JobProgress { title: self.description.clone(), state, messages: self.error.clone().into_iter().collect(), ..Default::default() }
    }
}

pub fn state_words(state: &str) -> &'static str {
    match state {
        "NOT_INITIALIZED" => "Being initialized",
        "INITIALIZED" => "Waiting for its configuration",
        "CONFIG_IN_PROGRESS" => "Being configured",
        "QUESTION_RAISED" => "Waiting for an answer",
        "FAILED" => "Failed",
        "CONFIGURED" => "Configured",
        _ => "Unknown",
    }
}

#[server(prefix = "/api", endpoint = "vcenter/deployment")]
pub async fn get_deployment() -> Result<DeploymentView, AppError> {
    crate::api::ssr::with_vc(|vc| async move {
        let i = vc.vcenter_deployment_get().await?;
        let state = i.state.to_string();
        let question = if state == "QUESTION_RAISED" {
            vc.vcenter_deployment_question_get().await?.questions.into_iter().next().map(|q| QuestionView { id: q.id, text: q.question.default_message, answers: q.possible_answers, default: q.default_answer })
        } else {
            None
        };
        let history = match vc.vcenter_deployment_import_history_get().await {
            Ok(h) => Some(HistoryView { status: h.status.to_string(), done: h.progress.as_ref().map_or(0, |p| p.completed), total: h.progress.as_ref().map_or(0, |p| p.total) }),
            Err(e) if e.is(crate::error::VapiErrorKind::Unauthenticated) => return Err(e),
            Err(_) => None,
        };
        // The spec of the install or upgrade under way (vCenter keeps it only then); the task's operation is
        // its vAPI operation id (`install`, `upgrade`).
        let spec = match (i.operation.to_ascii_lowercase().as_str(), state.as_str()) {
            (_, s) if !matches!(s, "CONFIG_IN_PROGRESS" | "QUESTION_RAISED") => vec![],
            ("install", _) => vc.vcenter_deployment_install_get().await.map(|s| spec_rows(crate::api::fields::rows(&s))).unwrap_or_default(),
            ("upgrade", _) => vc.vcenter_deployment_upgrade_get().await.map(|s| spec_rows(crate::api::fields::rows(&s))).unwrap_or_default(),
            _ => vec![],
        };
        let steps = match (i.subtask_order, i.subtasks) {
            (Some(order), Some(tasks)) => order.iter().filter_map(|k| tasks.0.iter().find(|(id, _)| id == k).map(|(_, t)| (t.description.default_message.clone(), t.status.to_string()))).collect(),
            _ => vec![],
        };
        Ok(DeploymentView {
            state,
            operation: i.operation,
            description: i.description.default_message,
            status: i.status.to_string(),
            done: i.progress.as_ref().map_or(0, |p| p.completed),
            total: i.progress.as_ref().map_or(0, |p| p.total),
            step: i.progress.map(|p| p.message.default_message).unwrap_or_default(),
            error: i.error,
            steps,
            question,
            history,
            spec,
        })
    })
    .await
}

/// The install form: `kind` `embedded` / `external` / `psc`; `sso` `standalone` / `replicated`; `step`
/// `check` or `start`.
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
pub struct InstallForm {
    pub kind: String,
    #[serde(default)]
    pub sso: String,
    #[serde(default)]
    pub domain: String,
    #[serde(default)]
    pub partner: String,
    #[serde(default)]
    pub password: String,
    #[serde(default)]
    pub thumbprint: String,
    #[serde(default)]
    pub ceip: String,
    #[serde(default)]
    pub auto_answer: String,
    #[serde(default)]
    pub step: String,
}

impl InstallForm {
    pub fn typed(&self) -> Vec<(String, String)> {
        [("kind", &self.kind), ("sso", &self.sso), ("domain", &self.domain), ("partner", &self.partner), ("thumbprint", &self.thumbprint), ("ceip", &self.ceip), ("auto_answer", &self.auto_answer)]
            .into_iter()
            .map(|(k, v)| (k.to_string(), v.clone()))
            .collect()
    }
}

/// The install spec the form asks for, checked first: a host for a partner or external PSC, a password, an
/// SSO domain name, a well-formed thumbprint.
pub fn install_spec(f: &InstallForm) -> Result<crate::vsphere::models::vcenter::deployment::install::InstallSpec, AppError> {
    use crate::vsphere::models::vcenter::deployment::install::{InstallSpec, PscSpec, VcsaEmbeddedSpec};
    use crate::vsphere::models::vcenter::deployment::{RemotePscSpec, ReplicatedPscSpec, ReplicatedSpec, StandalonePscSpec, StandaloneSpec};
    if f.password.is_empty() {
        return Err(AppError::invalid("password", "Enter the SSO administrator's password."));
    }
    let thumbprint = match f.thumbprint.trim() {
        "" => None,
        t => Some(crate::validate::sha1_thumbprint(t).map_err(|m| AppError::invalid("thumbprint", m))?),
    };
    let partner = || crate::validate::host(&f.partner).map_err(|m| AppError::invalid("partner", m));
    let domain = || {
        let d = f.domain.trim();
        if d.is_empty() {
            return Ok(None);
        }
        if crate::validate::is_hostname(d) && d.contains('.') { Ok(Some(d.to_string())) } else { Err(AppError::invalid("domain", format!("“{d}” is not an SSO domain name (such as vsphere.local)."))) }
    };
    let replicated = f.sso == "replicated";
    let ceip = f.ceip == "on";
    let mut spec = InstallSpec { vcsa_embedded: None, psc: None, vcsa_external: None, auto_answer: (f.auto_answer == "on").then_some(true) };
    match f.kind.as_str() {
        "embedded" => {
            spec.vcsa_embedded = Some(if replicated {
                VcsaEmbeddedSpec { standalone: None, replicated: Some(ReplicatedSpec { partner_hostname: partner()?, https_port: None, sso_admin_password: f.password.clone(), ssl_thumbprint: thumbprint, ssl_verify: None }), ceip_enabled: ceip }
            } else {
                VcsaEmbeddedSpec { standalone: Some(StandaloneSpec { sso_admin_password: f.password.clone(), sso_domain_name: domain()? }), replicated: None, ceip_enabled: ceip }
            })
        }
        "psc" => {
            spec.psc = Some(if replicated {
                PscSpec { standalone: None, replicated: Some(ReplicatedPscSpec { sso_site_name: None, partner_hostname: partner()?, https_port: None, sso_admin_password: f.password.clone(), ssl_thumbprint: thumbprint, ssl_verify: None }), ceip_enabled: ceip }
            } else {
                PscSpec { standalone: Some(StandalonePscSpec { sso_site_name: None, sso_admin_password: f.password.clone(), sso_domain_name: domain()? }), replicated: None, ceip_enabled: ceip }
            })
        }
        "external" => spec.vcsa_external = Some(RemotePscSpec { psc_hostname: partner()?, https_port: None, sso_admin_password: f.password.clone(), ssl_thumbprint: thumbprint, ssl_verify: None }),
        _ => return Err(AppError::invalid("kind", "Choose what the appliance becomes.")),
    }
    Ok(spec)
}

#[cfg(feature = "ssr")]
mod ssr {
    use crate::client::VcSession;
    use crate::error::AppError;
    use crate::vsphere::models::vcenter::deployment::install::InstallSpec;
    use crate::vsphere::models::vcenter::deployment::{CheckInfo, ReplicatedPscSpec, StandalonePscSpec};

    /// The partner or remote PSC (host, port) of a spec that names one without a thumbprint.
    pub fn remote_psc(spec: &InstallSpec) -> Option<(String, Option<i64>)> {
        let embedded = spec.vcsa_embedded.as_ref().and_then(|e| e.replicated.as_ref()).map(|r| (&r.partner_hostname, r.https_port, &r.ssl_thumbprint));
        let psc = spec.psc.as_ref().and_then(|p| p.replicated.as_ref()).map(|r| (&r.partner_hostname, r.https_port, &r.ssl_thumbprint));
        let external = spec.vcsa_external.as_ref().map(|r| (&r.psc_hostname, r.https_port, &r.ssl_thumbprint));
        embedded.or(psc).or(external).filter(|(_, _, t)| t.is_none()).map(|(h, p, _)| (h.clone(), p))
    }

    /// The check of the spec's PSC part: a new SSO domain (standalone), a replica of a partner's, or an
    /// external PSC.
    pub async fn check_psc_part(vc: &VcSession, spec: &InstallSpec) -> Result<Option<CheckInfo>, AppError> {
        let standalone = spec.psc.as_ref().and_then(|p| p.standalone.clone()).or_else(|| {
            spec.vcsa_embedded.as_ref().and_then(|e| e.standalone.as_ref()).map(|s| StandalonePscSpec { sso_site_name: None, sso_admin_password: s.sso_admin_password.clone(), sso_domain_name: s.sso_domain_name.clone() })
        });
        let replicated = spec.psc.as_ref().and_then(|p| p.replicated.clone()).or_else(|| {
            spec.vcsa_embedded.as_ref().and_then(|e| e.replicated.as_ref()).map(|r| ReplicatedPscSpec {
                sso_site_name: None,
                partner_hostname: r.partner_hostname.clone(),
                https_port: r.https_port,
                sso_admin_password: r.sso_admin_password.clone(),
                ssl_thumbprint: r.ssl_thumbprint.clone(),
                ssl_verify: r.ssl_verify,
            })
        });
        Ok(if let Some(s) = standalone {
            Some(vc.vcenter_deployment_install_psc_standalone_check(&s).await?)
        } else if let Some(r) = replicated {
            Some(vc.vcenter_deployment_install_psc_replicated_check(&r).await?)
        } else if let Some(r) = spec.vcsa_external.as_ref() {
            Some(vc.vcenter_deployment_install_remote_psc_check(r).await?)
        } else {
            None
        })
    }
}

/// A check's failures as the form's refusal (so it keeps what was typed): every error, then the warnings.
#[cfg(feature = "ssr")]
fn check_refusal(c: &crate::vsphere::models::vcenter::deployment::CheckInfo) -> Option<AppError> {
    let r = c.result.as_ref()?;
    let errors: Vec<String> = r.errors.iter().flatten().map(|n| n.message.default_message.clone()).collect();
    (c.status.as_str() == "FAILED").then(|| AppError::invalid("check", format!("The checks failed: {}", errors.join(" "))))
}

/// Checks the spec (`step` check: the page then says it passed), or starts the install (vCenter checks again).
#[server(prefix = "/api", endpoint = "vcenter/deployment/install")]
pub async fn install_appliance(#[server(flatten)] form: InstallForm) -> Result<(), AppError> {
    let keep = form.typed();
    let spec = install_spec(&form).map_err(|e| e.with_typed(keep.clone()))?;
    let check = form.step == "check";
    crate::api::ssr::with_vc(|vc| async move {
        if check {
            // A partner or remote PSC without a thumbprint typed: vCenter reads its certificate's, for the
            // user to compare and accept (the field is filled with it).
            if let Some((host, port)) = ssr::remote_psc(&spec) {
                let t = vc.vcenter_deployment_install_initial_config_remote_psc_thumbprint_get(&host, port).await?;
                return Err(AppError::invalid("thumbprint", format!("The certificate of {host} has the thumbprint {t}. Compare it with the one its administrator gives you, then check again to accept it.")));
            }
            // The Platform Services Controller's part first (its own check names that part's problems), then
            // the whole spec.
            if let Some(c) = ssr::check_psc_part(&vc, &spec).await? {
                if let Some(e) = check_refusal(&c) {
                    return Err(e);
                }
            }
            let c = vc.vcenter_deployment_install_check(&spec).await?;
            return check_refusal(&c).map_or(Ok(()), Err);
        }
        vc.vcenter_deployment_install_start(&spec).await
    })
    .await
    .map_err(|e| e.with_typed(keep.clone()))?;
    after(check, "install", <InstallAppliance as leptos::server_fn::ServerFn>::PATH, &keep)
}

/// Back to the page: after a check that passed, saying so, with the form as typed (its passwords aside) kept
/// under the form's `path` for the page to start it from.
#[cfg(feature = "ssr")]
fn after(check: bool, what: &str, path: &str, typed: &[(String, String)]) -> Result<(), AppError> {
    if check {
        crate::api::ssr::keep_result(path, &typed)?;
        leptos_axum::redirect(&format!("/vcenter/deployment?checked={what}&done={path}"));
    } else {
        leptos_axum::redirect("/vcenter/deployment");
    }
    Ok(())
}

/// The upgrade form: the source appliance, the host it runs on, the history to bring.
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
pub struct UpgradeForm {
    pub source: String,
    #[serde(default)]
    pub source_thumbprint: String,
    #[serde(default)]
    pub sso_user: String,
    #[serde(default)]
    pub sso_password: String,
    #[serde(default)]
    pub root_password: String,
    #[serde(default)]
    pub host: String,
    #[serde(default)]
    pub host_user: String,
    #[serde(default)]
    pub host_password: String,
    /// `none`, `EVENTS_TASKS` or `ALL`.
    #[serde(default)]
    pub history: String,
    #[serde(default)]
    pub defer: String,
    #[serde(default)]
    pub step: String,
}

impl UpgradeForm {
    pub fn typed(&self) -> Vec<(String, String)> {
        [("source", &self.source), ("source_thumbprint", &self.source_thumbprint), ("sso_user", &self.sso_user), ("host", &self.host), ("host_user", &self.host_user), ("history", &self.history), ("defer", &self.defer)]
            .into_iter()
            .map(|(k, v)| (k.to_string(), v.clone()))
            .collect()
    }
}

pub fn upgrade_spec(f: &UpgradeForm) -> Result<crate::vsphere::models::vcenter::deployment::upgrade::UpgradeSpec, AppError> {
    use crate::vsphere::models::vcenter::deployment::upgrade::{SourceApplianceSpec, UpgradeSpec, VcsaEmbeddedSpec};
    use crate::vsphere::models::vcenter::deployment::{HistoryMigrationOption, HistoryMigrationSpec, LocationSpec};
    let hostname = crate::validate::host(&f.source).map_err(|m| AppError::invalid("source", m))?;
    let ssl_thumbprint = match f.source_thumbprint.trim() {
        "" => None,
        t => Some(crate::validate::sha1_thumbprint(t).map_err(|m| AppError::invalid("source_thumbprint", m))?),
    };
    for (field, value, what) in [("sso_user", f.sso_user.trim(), "the source's SSO administrator"), ("sso_password", f.sso_password.as_str(), "the SSO administrator's password"), ("root_password", f.root_password.as_str(), "the source's root password"), ("host_user", f.host_user.trim(), "the host's account"), ("host_password", f.host_password.as_str(), "the host's password")] {
        if value.is_empty() {
            return Err(AppError::invalid(field, format!("Enter {what}.")));
        }
    }
    let host = crate::validate::host(&f.host).map_err(|m| AppError::invalid("host", m))?;
    let history = match f.history.as_str() {
        "" | "none" => None,
        "EVENTS_TASKS" => Some(HistoryMigrationOption::EventsTasks),
        "ALL" => Some(HistoryMigrationOption::All),
        _ => return Err(AppError::invalid("history", "Choose which history to bring.")),
    };
    Ok(UpgradeSpec {
        source_appliance: SourceApplianceSpec { hostname, https_port: None, ssl_thumbprint, ssl_verify: None, sso_admin_username: f.sso_user.trim().into(), sso_admin_password: f.sso_password.clone(), root_password: f.root_password.clone(), ssh_verify: None, ssh_thumbprint: None },
        source_location: LocationSpec { hostname: host, https_port: None, ssl_thumbprint: None, ssl_verify: Some(false), username: f.host_user.trim().into(), password: f.host_password.clone() },
        history: history.map(|data_set| HistoryMigrationSpec { data_set, defer_import: (f.defer == "on").then_some(true) }),
        vcsa_embedded: Some(VcsaEmbeddedSpec { ceip_enabled: false }),
        psc: None,
        auto_answer: None,
    })
}

#[server(prefix = "/api", endpoint = "vcenter/deployment/upgrade")]
pub async fn upgrade_appliance(#[server(flatten)] form: UpgradeForm) -> Result<(), AppError> {
    let keep = form.typed();
    let spec = upgrade_spec(&form).map_err(|e| e.with_typed(keep.clone()))?;
    let check = form.step == "check";
    crate::api::ssr::with_vc(|vc| async move {
        if check {
            let c = vc.vcenter_deployment_upgrade_check(&spec).await?;
            return check_refusal(&c).map_or(Ok(()), Err);
        }
        vc.vcenter_deployment_upgrade_start(&spec).await
    })
    .await
    .map_err(|e| e.with_typed(keep.clone()))?;
    after(check, "upgrade", <UpgradeAppliance as leptos::server_fn::ServerFn>::PATH, &keep)
}

/// `answer` (with `value` and `question`), `cancel`, `rollback`, `history-start` / `-pause` / `-resume` /
/// `-cancel`.
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
pub struct DeploymentActionForm {
    pub action: String,
    #[serde(default)]
    pub question: String,
    #[serde(default)]
    pub value: String,
    /// `install` or `upgrade`, for cancel.
    #[serde(default)]
    pub operation: String,
}

#[server(prefix = "/api", endpoint = "vcenter/deployment/action")]
pub async fn deployment_action(#[server(flatten)] form: DeploymentActionForm) -> Result<(), AppError> {
    use crate::vsphere::models::vcenter::deployment::question::AnswerSpec;
    crate::api::ssr::with_vc(|vc| async move {
        match form.action.as_str() {
            "answer" => vc.vcenter_deployment_question_answer(&AnswerSpec { question_id: form.question, answer_val: form.value }).await,
            "cancel" if form.operation == "upgrade" => vc.vcenter_deployment_upgrade_cancel().await,
            "cancel" => vc.vcenter_deployment_install_cancel().await,
            "rollback" => vc.vcenter_deployment_rollback().await,
            "history-start" => vc.vcenter_deployment_import_history_start(None).await,
            "history-pause" => vc.vcenter_deployment_import_history_pause().await,
            "history-resume" => vc.vcenter_deployment_import_history_resume().await,
            "history-cancel" => vc.vcenter_deployment_import_history_cancel().await,
            _ => Err(AppError::invalid("action", "Unknown deployment action.")),
        }
    })
    .await?;
    leptos_axum::redirect("/vcenter/deployment");
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn install(kind: &str, sso: &str) -> InstallForm {
        InstallForm { kind: kind.into(), sso: sso.into(), password: "VMware1!".into(), partner: "psc-01.corp.local".into(), ..Default::default() }
    }

    #[test]
    fn the_install_form_makes_one_kind_of_spec() {
        let s = install_spec(&install("embedded", "standalone")).unwrap();
        assert!(s.vcsa_embedded.unwrap().standalone.is_some() && s.psc.is_none() && s.vcsa_external.is_none());
        assert!(install_spec(&install("psc", "replicated")).unwrap().psc.unwrap().replicated.is_some());
        assert_eq!(install_spec(&install("external", "")).unwrap().vcsa_external.unwrap().psc_hostname, "psc-01.corp.local");
        let field = |f: InstallForm| install_spec(&f).unwrap_err().invalid_field().map(str::to_string);
        assert_eq!(field(InstallForm { password: String::new(), ..install("embedded", "standalone") }).as_deref(), Some("password"));
        assert_eq!(field(InstallForm { domain: "local".into(), ..install("embedded", "standalone") }).as_deref(), Some("domain"));
        assert_eq!(field(InstallForm { partner: "psc 1".into(), ..install("external", "") }).as_deref(), Some("partner"));
        assert_eq!(field(install("cloud", "")).as_deref(), Some("kind"));
        assert!(!install("embedded", "standalone").typed().iter().any(|(k, _)| k == "password"));
    }

    #[test]
    fn the_upgrade_form_is_checked_before_sending() {
        let f = UpgradeForm { source: "vcsa-65.corp.local".into(), sso_user: "administrator@vsphere.local".into(), sso_password: "a".into(), root_password: "b".into(), host: "esx-prod-01.east.lab".into(), host_user: "root".into(), host_password: "c".into(), history: "EVENTS_TASKS".into(), defer: "on".into(), ..Default::default() };
        let spec = upgrade_spec(&f).unwrap();
        assert_eq!(spec.history.unwrap().defer_import, Some(true));
        assert_eq!(upgrade_spec(&UpgradeForm { root_password: String::new(), ..f.clone() }).unwrap_err().invalid_field(), Some("root_password"));
        assert_eq!(upgrade_spec(&UpgradeForm { history: "SOME".into(), ..f }).unwrap_err().invalid_field(), Some("history"));
    }
}
