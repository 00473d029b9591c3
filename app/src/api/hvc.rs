//! Hybrid Linked Mode server functions (`hvc`): the links from this vCenter's SSO domain to cloud vCenters,
//! each link's sync providers (start a forced sync, reset), and the hybrid administrators groups. The form
//! rules live here.

use crate::error::AppError;
use crate::jobs::{JobProgress, JobState};
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

/// What each sync provider replicates, by id (the API gives ids only).
pub const PROVIDER_NAMES: &[(&str, &str)] = &[("authz", "Roles, privileges and permissions"), ("tagging", "Tag categories and tags")];

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ProviderRow {
    pub id: String,
    pub label: String,
    /// `SUCCEEDED`, `FAILED`, `NO_SYNC_FOUND`.
    pub status: String,
    pub status_message: Option<String>,
    pub last_sync: Option<String>,
    pub polling_seconds: i64,
    /// The forced sync, if one was started: stage (`CHANGE_DETECTION` … `COMPLETED`, `FAILED`), work done of total.
    pub session: Option<(String, i64, i64)>,
}

impl ProviderRow {
    pub fn syncing(&self) -> bool {
        self.session.as_ref().is_some_and(|(stage, _, _)| !matches!(stage.as_str(), "COMPLETED" | "FAILED"))
    }
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct LinkRow {
    pub id: String,
    pub domain: String,
    pub providers: Vec<ProviderRow>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct HvcOverview {
    pub links: Vec<LinkRow>,
    pub admins: Vec<String>,
}

/// A stage in words.
pub fn stage_words(stage: &str) -> &'static str {
    match stage {
        "CHANGE_DETECTION" => "Detecting changes",
        "CHANGE_ENUMERATION" => "Listing changes",
        "CHANGE_APPLICATION" => "Applying changes",
        "COMPLETED" => "Completed",
        "FAILED" => "Failed",
        "WAITING" => "Waiting",
        _ => "Unknown",
    }
}

impl HvcOverview {
    /// Forced syncs as a progress display shows them: running while any runs (work summed), then succeeded.
    pub fn progress(&self) -> JobProgress {
        let running: Vec<(&LinkRow, &ProviderRow)> = self.links.iter().flat_map(|l| l.providers.iter().filter(|p| p.syncing()).map(move |p| (l, p))).collect();
        if running.is_empty() {
            return JobProgress { title: "Sync".into(), state: JobState::Succeeded, ..Default::default() };
        }
        let (mut done, mut total) = (0, 0);
        let mut steps = Vec::new();
        for (l, p) in &running {
            if let Some((stage, d, t)) = &p.session {
                done += *d as u64;
                total += *t as u64;
                steps.push(format!("{} with {}: {}", p.label, l.domain, stage_words(stage)));
            }
        }
        JobProgress::running("Syncing with the linked domain", done, total, steps.join("; "))
    }
}

#[server(prefix = "/api", endpoint = "hvc")]
pub async fn get_hvc() -> Result<HvcOverview, AppError> {
    crate::api::ssr::with_vc(|vc| async move {
        let (links, admins) = tokio::try_join!(vc.vcenter_hvc_links_list(), vc.vcenter_hvc_management_administrators_get())?;
        let mut rows = Vec::new();
        for l in links {
            let ids = vc.vcenter_hvc_links_sync_providers_list(&l.link).await?;
            let mut providers = Vec::new();
            for p in ids {
                let i = vc.vcenter_hvc_links_sync_providers_get(&l.link, &p.provider).await?;
                providers.push(ProviderRow {
                    label: PROVIDER_NAMES.iter().find(|(k, _)| *k == p.provider).map(|(_, n)| n.to_string()).unwrap_or_else(|| p.provider.clone()),
                    id: p.provider,
                    status: i.status.to_string(),
                    status_message: i.status_message.map(|m| m.default_message),
                    last_sync: i.last_sync_time,
                    polling_seconds: i.polling_interval_in_seconds,
                    session: i.current_session_info.map(|s| (s.stage.to_string(), s.completed_work, s.total_work)),
                });
            }
            rows.push(LinkRow { id: l.link, domain: l.display_name, providers });
        }
        let mut admins = admins;
        admins.sort();
        Ok(HvcOverview { links: rows, admins })
    })
    .await
}

/// A hybrid administrators group: `group@domain`.
pub fn group_name(s: &str) -> Result<String, String> {
    let g = s.trim();
    match g.split_once('@') {
        Some((n, d)) if !n.is_empty() && d.contains('.') && !d.starts_with('.') && !d.ends_with('.') && !g.contains(char::is_whitespace) => Ok(g.to_string()),
        _ => Err(format!("“{g}” is not a group: write it group@domain, such as cloud-admins@vsphere.local.")),
    }
}

/// The new link's form.
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
pub struct LinkForm {
    pub psc_hostname: String,
    #[serde(default)]
    pub port: String,
    #[serde(default)]
    pub domain_name: String,
    #[serde(default)]
    pub username: String,
    #[serde(default)]
    pub password: String,
    #[serde(default)]
    pub ssl_thumbprint: String,
    /// Comma- or space-separated `group@domain` names.
    #[serde(default)]
    pub admin_groups: String,
}

#[cfg_attr(not(feature = "ssr"), allow(dead_code))]
impl LinkForm {
    fn typed(&self) -> Vec<(String, String)> {
        [("psc_hostname", &self.psc_hostname), ("port", &self.port), ("domain_name", &self.domain_name), ("username", &self.username), ("ssl_thumbprint", &self.ssl_thumbprint), ("admin_groups", &self.admin_groups)]
            .into_iter()
            .map(|(k, v)| (k.to_string(), v.clone()))
            .collect()
    }
}

/// The form checked before anything is sent.
pub fn link_spec(form: &LinkForm) -> Result<crate::vsphere::models::vcenter::hvc::links::CreateSpec, AppError> {
    let psc_hostname = crate::validate::host(&form.psc_hostname).map_err(|m| AppError::invalid("psc_hostname", m))?;
    let port = match form.port.trim() {
        "" => None,
        p => Some(crate::validate::port(p).map_err(|m| AppError::invalid("port", m))?.to_string()),
    };
    let domain_name = form.domain_name.trim().to_string();
    if !crate::validate::is_hostname(&domain_name) || !domain_name.contains('.') {
        return Err(AppError::invalid("domain_name", "Enter the cloud side's SSO domain, such as vmc.local."));
    }
    let username = form.username.trim().to_string();
    if username.is_empty() {
        return Err(AppError::invalid("username", "Enter the cloud side's administrator, such as cloudadmin@vmc.local."));
    }
    if form.password.is_empty() {
        return Err(AppError::invalid("password", "Enter the administrator's password."));
    }
    let ssl_thumbprint = match form.ssl_thumbprint.trim() {
        "" => None,
        t => Some(crate::validate::sha1_thumbprint(t).map_err(|m| AppError::invalid("ssl_thumbprint", m))?),
    };
    let groups = crate::validate::split_list(&form.admin_groups).iter().map(|g| group_name(g)).collect::<Result<Vec<_>, _>>().map_err(|m| AppError::invalid("admin_groups", m))?;
    Ok(crate::vsphere::models::vcenter::hvc::links::CreateSpec {
        admin_groups: (!groups.is_empty()).then_some(groups),
        domain_name,
        password: form.password.clone(),
        port,
        psc_hostname,
        ssl_thumbprint,
        username,
    })
}

#[server(prefix = "/api", endpoint = "hvc/links/create")]
pub async fn create_link(#[server(flatten)] form: LinkForm) -> Result<(), AppError> {
    let keep = form.typed();
    let spec = link_spec(&form).map_err(|e| e.with_typed(keep.clone()))?;
    crate::api::ssr::with_vc(|vc| async move { vc.vcenter_hvc_links_create(&spec).await }).await.map_err(|e| e.with_typed(keep))?;
    Ok(())
}

/// `unlink` or `reset` a link, or `sync` one of its providers.
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
pub struct LinkActionForm {
    pub link: String,
    pub action: String,
    #[serde(default)]
    pub provider: String,
}

#[server(prefix = "/api", endpoint = "hvc/links/action")]
pub async fn link_action(#[server(flatten)] form: LinkActionForm) -> Result<(), AppError> {
    let LinkActionForm { link, action, provider } = form;
    crate::api::ssr::with_vc(|vc| async move {
        match action.as_str() {
            "unlink" => vc.vcenter_hvc_links_delete(&link).await,
            "reset" => vc.vcenter_hvc_links_sync_reset(&link).await,
            "sync" => vc.vcenter_hvc_links_sync_providers_start(&link, &provider, None).await,
            _ => Err(AppError::invalid("action", "Unlink, reset or sync.")),
        }
    })
    .await?;
    leptos_axum::redirect("/hvc");
    Ok(())
}

/// Add or remove a hybrid administrators group.
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
pub struct AdminGroupForm {
    pub group_name: String,
    pub action: String,
}

#[server(prefix = "/api", endpoint = "hvc/management/administrators")]
pub async fn admin_group(#[server(flatten)] form: AdminGroupForm) -> Result<(), AppError> {
    let keep = vec![("group_name".to_string(), form.group_name.clone())];
    let group = group_name(&form.group_name).map_err(|m| AppError::invalid("group_name", m).with_typed(keep.clone()))?;
    let action = form.action.clone();
    crate::api::ssr::with_vc(|vc| async move {
        match action.as_str() {
            "add" => vc.vcenter_hvc_management_administrators_add(&group).await,
            "remove" => vc.vcenter_hvc_management_administrators_remove(&group).await,
            _ => Err(AppError::invalid("action", "Add or remove.")),
        }
    })
    .await
    .map_err(|e| e.with_typed(keep))?;
    leptos_axum::redirect("/hvc");
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn form() -> LinkForm {
        LinkForm { psc_hostname: "psc.sddc-1.vmc.example.com".into(), domain_name: "vmc.local".into(), username: "cloudadmin@vmc.local".into(), password: "pw".into(), ..Default::default() }
    }

    #[test]
    fn the_link_form_is_checked_before_sending() {
        let spec = link_spec(&LinkForm { admin_groups: "a@vsphere.local, b@vsphere.local".into(), ..form() }).unwrap();
        assert_eq!(spec.admin_groups.unwrap(), ["a@vsphere.local", "b@vsphere.local"]);
        let field = |f: LinkForm| link_spec(&f).unwrap_err().invalid_field().map(str::to_string);
        assert_eq!(field(LinkForm { psc_hostname: "psc one".into(), ..form() }).as_deref(), Some("psc_hostname"));
        assert_eq!(field(LinkForm { domain_name: "local".into(), ..form() }).as_deref(), Some("domain_name"));
        assert_eq!(field(LinkForm { password: String::new(), ..form() }).as_deref(), Some("password"));
        assert_eq!(field(LinkForm { admin_groups: "admins".into(), ..form() }).as_deref(), Some("admin_groups"));
        assert_eq!(field(LinkForm { ssl_thumbprint: "12".into(), ..form() }).as_deref(), Some("ssl_thumbprint"));
        assert!(!form().typed().iter().any(|(k, _)| k == "password"));
    }

    #[test]
    fn progress_sums_the_running_syncs() {
        let p = |stage: &str, d| ProviderRow { id: "authz".into(), label: "Roles".into(), status: "NO_SYNC_FOUND".into(), status_message: None, last_sync: None, polling_seconds: 60, session: Some((stage.into(), d, 120)) };
        let o = HvcOverview { links: vec![LinkRow { id: "l".into(), domain: "vmc.local".into(), providers: vec![p("CHANGE_APPLICATION", 60), p("COMPLETED", 120)] }], admins: vec![] };
        let g = o.progress();
        assert_eq!((g.done, g.total, g.state), (60, 120, JobState::Running));
        assert!(g.step.contains("Applying changes"));
        let o = HvcOverview { links: vec![LinkRow { id: "l".into(), domain: "vmc.local".into(), providers: vec![p("COMPLETED", 120)] }], admins: vec![] };
        assert!(o.progress().finished());
    }
}
