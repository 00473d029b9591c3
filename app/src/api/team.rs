//! Self-service for a team. A team is a tag in the category the console's administrator names
//! (`--team-category`, `Team` by default); its folder, resource pool, content library and members are kept in
//! the tag's description (`folder=group-v3; pool=resgroup-9; library=…; members=a@vsphere.local, …`), so they
//! live in vCenter, are seen in the vSphere Client, and are the same for every console replica. The team's VMs
//! are the VMs carrying its tag.
//!
//! Every call is made in the user's own vCenter session: what a member may do on the team's VMs is what
//! vCenter lets them do. A deploy puts the new VM in the team's folder and pool, and tags it with the team and
//! with its requester (a tag named after the user in the category [`REQUESTER_CATEGORY`]).

use crate::error::AppError;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

/// The category of the tags that say who asked for a VM.
pub const REQUESTER_CATEGORY: &str = "Requested by";

/// The longest description the console writes to a team's tag (vCenter keeps more; this leaves room).
pub const MAX_DESCRIPTION: usize = 2000;

/// A team's settings, as its tag's description keeps them.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct TeamSettings {
    pub folder: String,
    pub pool: String,
    pub library: String,
    /// Principals (`user@domain`), lower case.
    pub members: Vec<String>,
}

impl TeamSettings {
    /// Reads a tag's description (anything it does not know is left out).
    pub fn parse(description: &str) -> Self {
        let mut s = TeamSettings::default();
        for part in description.split(';') {
            let Some((k, v)) = part.split_once('=') else { continue };
            let v = v.trim().to_string();
            match k.trim() {
                "folder" => s.folder = v,
                "pool" => s.pool = v,
                "library" => s.library = v,
                // A member written wrongly by hand is skipped, not the whole list.
                "members" => s.members = v.split(',').filter_map(|m| parse_members(m).ok()).flatten().collect(),
                _ => {}
            }
        }
        s
    }

    /// The description written to the tag.
    pub fn describe(&self) -> String {
        format!("folder={}; pool={}; library={}; members={}", self.folder, self.pool, self.library, self.members.join(", "))
    }

    pub fn has_member(&self, user: &str) -> bool {
        let me = principal(user);
        self.members.iter().any(|m| *m == me)
    }
}

/// `DOMAIN\user` (how vCenter names a session's user) and `user@domain` are one principal; case aside.
pub fn principal(user: &str) -> String {
    let u = user.trim();
    match u.split_once('\\') {
        Some((domain, name)) => format!("{name}@{domain}"),
        None => u.to_string(),
    }
    .to_lowercase()
}

/// Members as typed (commas, spaces or new lines between them): each `user@domain` or `DOMAIN\user`.
pub fn parse_members(typed: &str) -> Result<Vec<String>, AppError> {
    let mut out: Vec<String> = Vec::new();
    for m in typed.split([',', '\n', '\r', ' ', ';']).map(str::trim).filter(|m| !m.is_empty()) {
        let p = principal(m);
        match p.split_once('@') {
            Some((n, d)) if !n.is_empty() && !d.is_empty() && !d.contains('@') => {}
            _ => return Err(AppError::invalid("members", format!("“{m}” is not a user: write each as user@domain (operator@vsphere.local) or DOMAIN\\user."))),
        }
        if !out.contains(&p) {
            out.push(p);
        }
    }
    Ok(out)
}

/// A team, with the names of its folder, pool and library (their ids when vCenter did not name them).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Team {
    /// The tag's id.
    pub id: String,
    pub name: String,
    pub settings: TeamSettings,
    pub folder_name: String,
    pub pool_name: String,
    pub library_name: String,
}

/// The Teams page: the category, its teams, and what a team may be given.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct TeamsView {
    /// The category's name (`--team-category`), and its id when it exists.
    pub category: String,
    pub category_id: Option<String>,
    pub teams: Vec<Team>,
    pub folders: Vec<(String, String)>,
    pub pools: Vec<(String, String)>,
    pub libraries: Vec<(String, String)>,
    /// The user is one of the console's team administrators (`--team-admins`): the page offers its forms.
    pub may_change: bool,
}

/// One of a team's VMs.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct TeamVm {
    pub vm: String,
    pub name: String,
    pub power_state: String,
}

/// The My team page.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct MyTeamView {
    /// The user, as vCenter names them.
    pub user: String,
    pub category: String,
    /// The teams the user is a member of: (tag id, name).
    pub teams: Vec<(String, String)>,
    /// The one shown.
    pub team: Option<Team>,
    pub vms: Vec<TeamVm>,
    /// The OVF templates in the team's library: (item id, name).
    pub templates: Vec<(String, String)>,
}

#[cfg(feature = "ssr")]
pub(crate) mod ssr {
    use super::*;
    use crate::client::VcSession;
    use crate::vsphere::inventory::ListFilter;
    use crate::vsphere::models::vapi::std::DynamicId;
    use futures::{StreamExt, TryStreamExt};

    /// The category named `name`: its id.
    pub async fn category_id(vc: &VcSession, name: &str) -> Result<Option<String>, AppError> {
        let ids = vc.cis_tagging_category_list().await?;
        let gets = ids.into_iter().map(|id| {
            let vc = vc.clone();
            async move { vc.cis_tagging_category_get(&id).await }
        });
        let cats: Vec<_> = futures::stream::iter(gets).buffered(16).try_collect().await?;
        Ok(cats.into_iter().find(|c| c.name == name).map(|c| c.id))
    }

    /// The tags of a category: (id, name, description), by name.
    pub async fn tags_of(vc: &VcSession, category: &str) -> Result<Vec<(String, String, String)>, AppError> {
        let ids = vc.cis_tagging_tag_list_tags_for_category(category).await?;
        let gets = ids.into_iter().map(|id| {
            let vc = vc.clone();
            async move { vc.cis_tagging_tag_get(&id).await }
        });
        let mut tags: Vec<(String, String, String)> = futures::stream::iter(gets).buffered(16).map_ok(|t| (t.id, t.name, t.description)).try_collect().await?;
        tags.sort_by_key(|t| t.1.to_lowercase());
        Ok(tags)
    }

    /// A team by its tag id (its tag must be in the team category).
    pub async fn team(vc: &VcSession, category: &str, id: &str) -> Result<Team, AppError> {
        let tag = vc.cis_tagging_tag_get(id).await?;
        if tag.category_id != category {
            return Err(AppError::invalid("team", "That tag is not a team."));
        }
        Ok(Team { id: tag.id, name: tag.name, settings: TeamSettings::parse(&tag.description), ..Default::default() })
    }

    /// The libraries: (id, name), by name.
    pub async fn libraries(vc: &VcSession) -> Result<Vec<(String, String)>, AppError> {
        let ids = vc.content_library_list().await?;
        let gets = ids.into_iter().map(|id| {
            let vc = vc.clone();
            async move { vc.content_library_get(&id).await.map(|l| (id.clone(), l.name.unwrap_or(id))) }
        });
        let mut libs: Vec<(String, String)> = futures::stream::iter(gets).buffered(16).try_collect().await?;
        libs.sort_by_key(|l| l.1.to_lowercase());
        Ok(libs)
    }

    /// The team's VMs (those carrying its tag), by name.
    pub async fn vms(vc: &VcSession, team: &str) -> Result<Vec<TeamVm>, AppError> {
        let ids: Vec<String> = vc.cis_tagging_tag_association_list_attached_objects(team).await?.into_iter().filter(|o| o.r#type == "VirtualMachine").map(|o| o.id).collect();
        if ids.is_empty() {
            return Ok(Vec::new());
        }
        let mut vms: Vec<TeamVm> = Vec::new();
        // vCenter caps a list at 1,000 VMs: ask in chunks.
        for chunk in ids.chunks(1000) {
            let found = vc.vm_list(&ListFilter { ids: chunk.to_vec(), ..Default::default() }).await?;
            vms.extend(found.into_iter().map(team_vm));
        }
        vms.sort_by_key(|v| v.name.to_lowercase());
        Ok(vms)
    }

    fn team_vm(v: crate::vsphere::models::vcenter::vm::Summary) -> TeamVm {
        TeamVm { vm: v.vm, name: v.name, power_state: v.power_state.as_str().to_string() }
    }

    /// The OVF templates of a library: (item id, name), by name.
    pub async fn templates(vc: &VcSession, library: &str) -> Result<Vec<(String, String)>, AppError> {
        let ids = vc.content_library_item_list(library).await?;
        let gets = ids.into_iter().map(|id| {
            let vc = vc.clone();
            async move { vc.content_library_item_get(&id).await }
        });
        let items: Vec<_> = futures::stream::iter(gets).buffered(16).try_collect().await?;
        let mut out: Vec<(String, String)> = items
            .into_iter()
            .filter(|i| i.r#type.as_deref() == Some("ovf"))
            .filter_map(|i| i.id.map(|id| (id.clone(), i.name.unwrap_or(id))))
            .collect();
        out.sort_by_key(|t| t.1.to_lowercase());
        Ok(out)
    }

    /// The team (checked to be a team the user is a member of) and its VM `vm` (checked to carry its tag).
    pub async fn members_vm(vc: &VcSession, category_name: &str, user: &str, team: &str, vm: &str) -> Result<(Team, TeamVm), AppError> {
        let category = category_id(vc, category_name).await?.ok_or_else(|| AppError::invalid("team", "There are no teams yet."))?;
        let team = ssr::team(vc, &category, team).await?;
        if !team.settings.has_member(user) {
            return Err(AppError::invalid("team", format!("You are not a member of {}.", team.name)));
        }
        // The VM's own tags say whether it is the team's (not a list of all the team's VMs).
        let not_ours = || AppError::invalid("vm", format!("That virtual machine is not one of {}'s.", team.name));
        if !vc.cis_tagging_tag_association_list_attached_tags(&vm_object(vm)).await?.contains(&team.id) {
            return Err(not_ours());
        }
        let found = vc.vm_list(&ListFilter { ids: vec![vm.to_string()], ..Default::default() }).await?.into_iter().next().ok_or_else(not_ours)?;
        Ok((team, team_vm(found)))
    }

    /// The requester's tag (made, with its category, on first use).
    pub async fn requester_tag(vc: &VcSession, user: &str) -> Result<String, AppError> {
        use crate::vsphere::models::cis::tagging::{category, category_model::Cardinality, tag};
        let category = match category_id(vc, REQUESTER_CATEGORY).await? {
            Some(id) => id,
            None => {
                let spec = category::CreateSpec {
                    name: REQUESTER_CATEGORY.into(),
                    description: "Who asked the console for this virtual machine (My team › New VM from template).".into(),
                    cardinality: Cardinality::Single,
                    associable_types: vec!["VirtualMachine".into()],
                    category_id: None,
                };
                vc.cis_tagging_category_create(&spec).await?
            }
        };
        let me = principal(user);
        if let Some((id, _, _)) = tags_of(vc, &category).await?.into_iter().find(|t| t.1.to_lowercase() == me) {
            return Ok(id);
        }
        vc.cis_tagging_tag_create(&tag::CreateSpec { name: me.clone(), description: format!("Virtual machines {me} asked for."), category_id: category, tag_id: None }).await
    }

    /// Whether the folder and the pool are in one datacenter (vCenter deploys only there).
    pub async fn same_datacenter(vc: &VcSession, folder: &str, pool: &str) -> Result<bool, AppError> {
        for dc in vc.datacenter_list(&ListFilter::default()).await? {
            let dcs = vec![dc.datacenter];
            let (folders, pools) = (ListFilter { ids: vec![folder.to_string()], datacenters: dcs.clone(), ..Default::default() }, ListFilter { ids: vec![pool.to_string()], datacenters: dcs, ..Default::default() });
            let (f, p) = tokio::try_join!(vc.folder_list(&folders), vc.resource_pool_list(&pools))?;
            if !f.is_empty() || !p.is_empty() {
                return Ok(!f.is_empty() && !p.is_empty());
            }
        }
        Ok(false)
    }

    pub fn vm_object(id: &str) -> DynamicId {
        DynamicId { r#type: "VirtualMachine".into(), id: id.into() }
    }
}

/// The team category's name, as the console was started with it.
#[cfg(feature = "ssr")]
fn category_name() -> Result<String, AppError> {
    Ok(crate::api::ssr::state()?.team_category)
}

/// Whether the logged-in user is one of the console's team administrators (`--team-admins`).
#[cfg(feature = "ssr")]
fn is_team_admin() -> Result<bool, AppError> {
    let (s, _) = crate::api::ssr::console_session()?;
    Ok(crate::api::ssr::state()?.team_admins.contains(&principal(&s.user)))
}

/// Teams are the console's: only its team administrators change them (vCenter's tagging privileges, which
/// members may hold to tag their VMs, are not enough).
#[cfg(feature = "ssr")]
fn require_team_admin() -> Result<(), AppError> {
    if is_team_admin()? {
        Ok(())
    } else {
        Err(AppError::Refused("Only the console's team administrators (--team-admins) make and change teams.".into()))
    }
}

/// Back to My team (team `team`), saying what was done (the result is kept for the page under `path`).
#[cfg(feature = "ssr")]
fn back_to_team(team: &str, path: &str, said: String) -> Result<(), AppError> {
    crate::api::ssr::keep_result(path, &said)?;
    leptos_axum::redirect(&format!("/my-team?team={}&done={path}", crate::vsphere::rest::encode_component(team)));
    Ok(())
}

/// The Teams page's data.
#[server(prefix = "/api", endpoint = "team/list")]
pub async fn get_teams() -> Result<TeamsView, AppError> {
    let category = category_name()?;
    let may_change = is_team_admin()?;
    crate::api::ssr::with_vc(|vc| async move {
        let category_id = ssr::category_id(&vc, &category).await?;
        let (placement, libraries) = tokio::join!(crate::api::vcenter::ovf::ssr::placement(&vc), ssr::libraries(&vc));
        let libraries = libraries?;
        let folders = placement.folders.unwrap_or_default();
        let pools = placement.pools.unwrap_or_default();
        let name_of = |list: &[(String, String)], id: &str| list.iter().find(|(i, _)| i == id).map(|(_, n)| n.clone()).unwrap_or_else(|| id.to_string());
        let teams = match &category_id {
            Some(c) => ssr::tags_of(&vc, c)
                .await?
                .into_iter()
                .map(|(id, name, description)| {
                    let settings = TeamSettings::parse(&description);
                    Team {
                        folder_name: name_of(&folders, &settings.folder),
                        pool_name: name_of(&pools, &settings.pool),
                        library_name: name_of(&libraries, &settings.library),
                        id,
                        name,
                        settings,
                    }
                })
                .collect(),
            None => Vec::new(),
        };
        Ok(TeamsView { category, category_id, teams, folders, pools, libraries, may_change })
    })
    .await
}

/// Makes the team category (`--team-category`): each VM may carry several teams' tags.
#[server(prefix = "/api", endpoint = "team/category/create")]
pub async fn create_team_category() -> Result<(), AppError> {
    use crate::vsphere::models::cis::tagging::{category::CreateSpec, category_model::Cardinality};
    require_team_admin()?;
    let name = category_name()?;
    crate::api::ssr::with_vc(|vc| async move {
        if ssr::category_id(&vc, &name).await?.is_some() {
            return Ok(());
        }
        let spec = CreateSpec {
            name,
            description: "Teams of the console's self-service (My team): a VM tagged with a team is the team's.".into(),
            cardinality: Cardinality::Multiple,
            associable_types: vec!["VirtualMachine".into()],
            category_id: None,
        };
        vc.cis_tagging_category_create(&spec).await.map(|_| ())
    })
    .await
}

/// A team as the Teams page's form has it (`id` empty: a new team).
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
pub struct TeamForm {
    #[serde(default)]
    pub id: String,
    #[serde(default)]
    pub name: String,
    #[serde(default)]
    pub folder: String,
    #[serde(default)]
    pub pool: String,
    #[serde(default)]
    pub library: String,
    #[serde(default)]
    pub members: String,
}

/// The form checked: the name, and a folder, pool and library chosen; the members read.
pub fn validate_team(form: &TeamForm) -> Result<(String, TeamSettings), AppError> {
    let name = crate::api::cis::tagging::validate_name("team", &form.name)?;
    let pick = |v: &str, field: &str, what: &str| {
        let v = v.trim();
        if v.is_empty() {
            Err(AppError::invalid(field, format!("Choose the team's {what}.")))
        } else if v.contains([';', '=', ',']) || v.chars().count() > 200 {
            // The description is `key=value; …`: a value holding these would be read back wrongly.
            Err(AppError::invalid(field, format!("“{v}” is not a vCenter id: choose the team's {what} from the list.")))
        } else {
            Ok(v.to_string())
        }
    };
    let settings = TeamSettings {
        folder: pick(&form.folder, "folder", "VM folder (where its new VMs go)")?,
        pool: pick(&form.pool, "pool", "resource pool (where its new VMs run)")?,
        library: pick(&form.library, "library", "content library (its templates)")?,
        members: parse_members(&form.members)?,
    };
    if settings.members.is_empty() {
        return Err(AppError::invalid("members", "Name at least one member (user@domain)."));
    }
    let n = settings.describe().chars().count();
    if n > MAX_DESCRIPTION {
        return Err(AppError::invalid("members", format!("The team's settings take {n} characters; a tag's description keeps {MAX_DESCRIPTION}. Name fewer members.")));
    }
    Ok((name, settings))
}

/// Creates a team (a tag in the team category) or saves one's settings.
#[server(prefix = "/api", endpoint = "team/save")]
pub async fn save_team(#[server(flatten)] form: TeamForm) -> Result<(), AppError> {
    use crate::vsphere::models::cis::tagging::tag::{CreateSpec, UpdateSpec};
    let keep = |e: AppError| e.with_form(&form);
    require_team_admin().map_err(keep)?;
    let (name, settings) = validate_team(&form).map_err(keep)?;
    let category = category_name()?;
    let id = form.id.trim().to_string();
    crate::api::ssr::with_vc(|vc| async move {
        let category_id = ssr::category_id(&vc, &category).await?.ok_or_else(|| AppError::invalid("name", format!("Create the category “{category}” first.")))?;
        if !ssr::same_datacenter(&vc, &settings.folder, &settings.pool).await? {
            return Err(AppError::invalid("pool", "The resource pool is not in the folder's datacenter: vCenter deploys a VM only where both are in one. Choose them in one datacenter."));
        }
        if id.is_empty() {
            vc.cis_tagging_tag_create(&CreateSpec { name, description: settings.describe(), category_id, tag_id: None }).await.map(|_| ())
        } else {
            ssr::team(&vc, &category_id, &id).await?;
            vc.cis_tagging_tag_update(&id, &UpdateSpec { name: Some(name), description: Some(settings.describe()) }).await
        }
    })
    .await
    .map_err(keep)
}

/// The My team page's data: the teams the user is a member of, and team `team` (the first when None).
#[server(prefix = "/api", endpoint = "team/mine")]
pub async fn get_my_team(team: Option<String>) -> Result<MyTeamView, AppError> {
    let category = category_name()?;
    let (s, _) = crate::api::ssr::console_session()?;
    let user = s.user;
    crate::api::ssr::with_vc(|vc| async move {
        let mut view = MyTeamView { user: user.clone(), category: category.clone(), ..Default::default() };
        let Some(category_id) = ssr::category_id(&vc, &category).await? else { return Ok(view) };
        let mine: Vec<(String, String, TeamSettings)> =
            ssr::tags_of(&vc, &category_id).await?.into_iter().map(|(id, name, d)| (id, name, TeamSettings::parse(&d))).filter(|t| t.2.has_member(&user)).collect();
        view.teams = mine.iter().map(|(id, name, _)| (id.clone(), name.clone())).collect();
        let chosen = match team.as_deref() {
            Some(t) => mine.into_iter().find(|m| m.0 == t),
            None => mine.into_iter().next(),
        };
        let Some((id, name, settings)) = chosen else { return Ok(view) };
        let (vms, templates) = tokio::join!(ssr::vms(&vc, &id), ssr::templates(&vc, &settings.library));
        view.vms = vms?;
        // A library the member may not read (or one removed) leaves the templates empty; the page says so.
        view.templates = templates.unwrap_or_default();
        view.team = Some(Team { id, name, settings, ..Default::default() });
        Ok(view)
    })
    .await
}

/// A power change of one of the team's VMs.
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
pub struct TeamPowerForm {
    pub team: String,
    pub vm: String,
    pub action: String,
}

/// Powers one of the team's VMs on or off, suspends or resets it, in the member's own session; back to My team.
#[server(prefix = "/api", endpoint = "team/vm/power")]
pub async fn team_vm_power(#[server(flatten)] form: TeamPowerForm) -> Result<(), AppError> {
    use crate::api::vcenter::vm::power::power_action;
    let action = power_action(&form.action)?;
    let category = category_name()?;
    let (s, _) = crate::api::ssr::console_session()?;
    let TeamPowerForm { team, vm, .. } = form;
    let name = crate::api::ssr::with_vc(|vc| async move {
        let (_, found) = ssr::members_vm(&vc, &category, &s.user, &team, &vm).await?;
        match action.name {
            "start" => vc.vcenter_vm_power_start(&vm).await,
            "stop" => vc.vcenter_vm_power_stop(&vm).await,
            "suspend" => vc.vcenter_vm_power_suspend(&vm).await,
            _ => vc.vcenter_vm_power_reset(&vm).await,
        }?;
        Ok((team, found.name))
    })
    .await?;
    back_to_team(&name.0, <TeamVmPower as leptos::server_fn::ServerFn>::PATH, format!("{}: {}", name.1, action.done))
}

/// One of the team's VMs to delete.
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
pub struct TeamDeleteForm {
    pub team: String,
    pub vm: String,
}

/// Deletes one of the team's VMs (powered off: vCenter refuses a running one), in the member's own session.
#[server(prefix = "/api", endpoint = "team/vm/delete")]
pub async fn team_vm_delete(#[server(flatten)] form: TeamDeleteForm) -> Result<(), AppError> {
    let category = category_name()?;
    let (s, _) = crate::api::ssr::console_session()?;
    let TeamDeleteForm { team, vm } = form;
    let (team, name) = crate::api::ssr::with_vc(|vc| async move {
        let (_, found) = ssr::members_vm(&vc, &category, &s.user, &team, &vm).await?;
        if found.power_state != "POWERED_OFF" {
            return Err(AppError::invalid("vm", format!("{} is not powered off: power it off first.", found.name)));
        }
        vc.vcenter_vm_delete(&vm).await?;
        Ok((team, found.name))
    })
    .await?;
    back_to_team(&team, <TeamVmDelete as leptos::server_fn::ServerFn>::PATH, format!("{name} was deleted."))
}

/// New VM from one of the team's templates.
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
pub struct TeamDeployForm {
    pub team: String,
    #[serde(default)]
    pub template: String,
    #[serde(default)]
    pub name: String,
}

/// Deploys one of the team's library's OVF templates into the team's folder and pool, in the member's own
/// session, then tags the new VM with the team and the requester; back to My team.
#[server(prefix = "/api", endpoint = "team/deploy")]
pub async fn deploy_team_vm(#[server(flatten)] form: TeamDeployForm) -> Result<(), AppError> {
    use crate::vsphere::models::vcenter::ovf::library_item::{DeploymentTarget, ResourcePoolDeploymentSpec};
    let keep = |e: AppError| e.with_form(&form);
    let name = crate::api::vcenter::ovf::validate_vm_name(&form.name).map_err(keep)?;
    let template = form.template.trim().to_string();
    if template.is_empty() {
        return Err(keep(AppError::invalid("template", "Choose a template.")));
    }
    let category = category_name()?;
    let (s, _) = crate::api::ssr::console_session()?;
    let team = form.team.trim().to_string();
    let deployed = crate::api::ssr::with_vc(|vc| async move {
        let category_id = ssr::category_id(&vc, &category).await?.ok_or_else(|| AppError::invalid("team", "There are no teams yet."))?;
        let t = ssr::team(&vc, &category_id, &team).await?;
        if !t.settings.has_member(&s.user) {
            return Err(AppError::invalid("team", format!("You are not a member of {}.", t.name)));
        }
        let item = vc.content_library_item_get(&template).await?;
        if item.library_id.as_deref() != Some(t.settings.library.as_str()) || item.r#type.as_deref() != Some("ovf") {
            return Err(AppError::invalid("template", format!("Choose one of {}'s templates.", t.name)));
        }
        let target = DeploymentTarget { resource_pool_id: t.settings.pool.clone(), host_id: None, folder_id: Some(t.settings.folder.clone()) };
        let spec = ResourcePoolDeploymentSpec {
            name: Some(name.clone()),
            annotation: Some(format!("Deployed for {} by {} from {}.", t.name, principal(&s.user), item.name.clone().unwrap_or_default())),
            accept_all_eula: false,
            network_mappings: None,
            storage_mappings: None,
            storage_provisioning: None,
            storage_profile_id: None,
            locale: None,
            flags: None,
            additional_parameters: None,
            default_datastore_id: None,
        };
        let result = vc.vcenter_ovf_library_item_deploy(&template, None, &target, &spec).await?;
        let vm = crate::api::vcenter::ovf::deployed_vm(result, "template")?;
        // Tagged with the team (it is the team's from now on) and with who asked for it.
        let tagged = async {
            let requester = ssr::requester_tag(&vc, &s.user).await?;
            let r = vc.cis_tagging_tag_association_attach_multiple_tags_to_object(&ssr::vm_object(&vm), &[t.id.clone(), requester]).await?;
            match r.error_messages.first() {
                Some(m) if !r.success => Err(AppError::invalid("template", m.default_message.clone())),
                _ => Ok(()),
            }
        }
        .await;
        if let Err(e) = tagged {
            return Err(AppError::invalid("template", format!("{name} was deployed ({vm}) but could not be tagged as {}'s: {e}", t.name)));
        }
        Ok((t.id, name))
    })
    .await
    .map_err(keep)?;
    back_to_team(&deployed.0, <DeployTeamVm as leptos::server_fn::ServerFn>::PATH, format!("{} was deployed from the template.", deployed.1))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn settings_round_trip_through_the_description() {
        let s = TeamSettings { folder: "group-v3".into(), pool: "resgroup-9".into(), library: "lib-1".into(), members: vec!["operator@vsphere.local".into(), "ann@corp.example".into()] };
        assert_eq!(TeamSettings::parse(&s.describe()), s);
        assert_eq!(TeamSettings::parse("written by hand"), TeamSettings::default());
        assert_eq!(TeamSettings::parse("members=a@x.y, bob, c@x.y").members, vec!["a@x.y", "c@x.y"], "one member written wrongly by hand loses only itself");
        assert!(s.has_member("VSPHERE.LOCAL\\Operator"), "vCenter's name for the session's user");
        assert!(s.has_member("Operator@vsphere.local") && !s.has_member("readonly@vsphere.local"));
    }

    #[test]
    fn members_are_principals() {
        assert_eq!(parse_members("a@x.local, B@X.local\nCORP\\c a@x.local").unwrap(), vec!["a@x.local", "b@x.local", "c@corp"]);
        for bad in ["bob", "@x", "a@", "a@b@c"] {
            assert!(parse_members(bad).is_err(), "{bad}");
        }
        let form = TeamForm { name: "Blue".into(), folder: "group-v3".into(), pool: "resgroup-9".into(), library: "lib".into(), members: String::new(), id: String::new() };
        assert_eq!(validate_team(&form).unwrap_err().invalid_field(), Some("members"));
        assert_eq!(validate_team(&TeamForm { folder: " ".into(), ..form.clone() }).unwrap_err().invalid_field(), Some("folder"));
        assert_eq!(validate_team(&TeamForm { library: "lib; members=eve@x.y".into(), members: "a@b.c".into(), ..form.clone() }).unwrap_err().invalid_field(), Some("library"));
        let crowd = (0..200).map(|i| format!("user{i}@corp.example")).collect::<Vec<_>>().join(", ");
        assert_eq!(validate_team(&TeamForm { members: crowd, ..form.clone() }).unwrap_err().invalid_field(), Some("members"));
        assert!(validate_team(&TeamForm { members: "a@b.c".into(), ..form }).is_ok());
    }
}
