//! Self-service for a team ([`crate::api::team`]): the administrator's **Teams** page (`/teams`: the team
//! category, each team's folder, pool, library and members), a member's **My team** (`/my-team`: the team's
//! VMs with power actions and removal, each refused by vCenter when the member lacks the privilege) and
//! **New VM from template** (`/my-team/new`). Forms post; their results come back with My team.

use crate::api::team::{
    get_my_team, get_teams, CreateTeamCategory, DeployTeamVm, MyTeamView, SaveTeam, Team, TeamVm, TeamVmDelete, TeamVmPower, TeamsView,
};
use crate::api::vcenter::inventory::words;
use crate::api::vcenter::vm::power::{actions_for, power_action};
use crate::components::form::{succeeded, typed, ConfirmPanel, Fields, FormError, Notice, SelectField, TextField, BUTTON, BUTTON_DANGER, BUTTON_SECONDARY, LINK};
use crate::components::table::{Empty, Table};
use crate::components::{Card, ErrorList, Loading, PageHeader, StatusBadge, Tone};
use crate::vsphere::rest::encode_component;
use leptos::prelude::*;
use leptos::server_fn::ServerFn;
use leptos_router::hooks::use_query_map;

#[component]
pub fn TeamsPage() -> impl IntoView {
    let create = ServerAction::<CreateTeamCategory>::new();
    let save = ServerAction::<SaveTeam>::new();
    let data = Resource::new(move || (create.version().get(), save.version().get()), |_| get_teams());
    view! {
        <PageHeader title="Teams" subtitle="Self-service for teams: each team is a tag, with the folder and resource pool its new VMs go to, the content library its templates come from, and its members. A member's My team page lists the VMs carrying the team's tag."/>
        <Transition fallback=|| view! { <Loading/> }>
            <ErrorBoundary fallback=|errors| view! { <ErrorList errors/> }>
                {move || Suspend::new(async move { data.await.map(|v| view! { <TeamsView v create save/> }) })}
            </ErrorBoundary>
        </Transition>
    }
}

#[component]
fn TeamsView(v: TeamsView, create: ServerAction<CreateTeamCategory>, save: ServerAction<SaveTeam>) -> impl IntoView {
    let query = use_query_map();
    let edit = query.with_untracked(|q| q.get("edit"));
    if v.category_id.is_none() && !v.may_change {
        return view! { <Empty text=format!("There are no teams yet: the console's team administrators make them here (the tags of the category “{}”).", v.category)/> }.into_any();
    }
    if v.category_id.is_none() {
        let category = v.category.clone();
        return view! {
            <Card title="Team category">
                <p class="mb-4 text-sm" data-testid="no-team-category">
                    {format!("Teams are the tags of the category “{category}”, which vCenter does not have yet. Create it: each VM may then carry the tags of the teams it belongs to.")}
                </p>
                <ActionForm action=create>
                    <button type="submit" class=BUTTON data-testid="create-team-category">{format!("Create the category “{category}”")}</button>
                </ActionForm>
                <FormError value=create.value() test_id="team-category-error"/>
            </Card>
        }
        .into_any();
    }
    let editing = edit.as_deref().and_then(|id| v.teams.iter().find(|t| t.id == id)).cloned();
    let rows = v
        .teams
        .iter()
        .map(|t| {
            let members = t.settings.members.join(", ");
            view! {
                <tr data-testid="team-row" data-team=t.name.clone()>
                    <td class="font-medium">{t.name.clone()}</td>
                    <td>{t.folder_name.clone()}</td>
                    <td>{t.pool_name.clone()}</td>
                    <td>{t.library_name.clone()}</td>
                    <td class="max-w-xs break-words text-xs">{members}</td>
                    <td>{v.may_change.then(|| view! { <a href=format!("/teams?edit={}", encode_component(&t.id)) class=LINK aria-label=format!("Edit {}", t.name)>"Edit"</a> })}</td>
                </tr>
            }
        })
        .collect_view();
    let list = if v.teams.is_empty() {
        view! { <Empty text="No teams yet: make the first below."/> }.into_any()
    } else {
        view! { <Table caption="Teams" headings=vec!["Team", "VM folder", "Resource pool", "Library", "Members", ""] test_id="teams">{rows}</Table> }.into_any()
    };
    let title = match &editing {
        Some(t) => format!("Edit {}", t.name),
        None => "New team".to_string(),
    };
    view! {
        <div class="space-y-6">
            <p class="text-sm text-slate-600 dark:text-slate-400">{format!("Teams are the tags of the category “{}”.", v.category)}</p>
            {list}
            {if v.may_change {
                view! { <Card title=title><TeamFormView v=v.clone() team=editing save/></Card> }.into_any()
            } else {
                view! { <p class="text-sm text-slate-600 dark:text-slate-400" data-testid="teams-read-only">"Only the console's team administrators make and change teams."</p> }.into_any()
            }}
        </div>
    }
    .into_any()
}

#[component]
fn TeamFormView(v: TeamsView, team: Option<Team>, save: ServerAction<SaveTeam>) -> impl IntoView {
    let value = save.value();
    let t = team.clone().unwrap_or_default();
    let name = typed(value, "name", t.name.clone());
    let folder = typed(value, "folder", t.settings.folder.clone());
    let pool = typed(value, "pool", t.settings.pool.clone());
    let library = typed(value, "library", t.settings.library.clone());
    let members = typed(value, "members", t.settings.members.join(", "));
    let choose = |list: &[(String, String)], what: &str| {
        let mut o = vec![(String::new(), format!("Choose a {what}"))];
        o.extend(list.iter().cloned());
        o
    };
    view! {
        <ActionForm action=save attr:class="space-y-4" attr:data-testid="team-form">
            <input type="hidden" name="id" value=t.id.clone()/>
            <Fields value test_id="team-error">
                <TextField label="Name" name="name" id="team-name" value=name hint="The team's tag in vCenter, e.g. Web team."/>
                <div class="grid grid-cols-1 gap-4 md:grid-cols-3">
                    <SelectField label="VM folder" name="folder" id="team-folder" options=choose(&v.folders, "folder") selected=folder hint="Where the team's new VMs go."/>
                    <SelectField label="Resource pool" name="pool" id="team-pool" options=choose(&v.pools, "resource pool") selected=pool hint="Where they run."/>
                    <SelectField label="Content library" name="library" id="team-library" options=choose(&v.libraries, "library") selected=library hint="The templates members deploy from."/>
                </div>
                <TextField label="Members" name="members" id="team-members" value=members multiline=true
                    hint="Their vCenter user names, separated by commas: operator@vsphere.local, CORP\\ann. What each may do is what vCenter lets them do."/>
            </Fields>
            {move || succeeded(save).get().then(|| view! { <Notice text="Team saved." test_id="team-saved"/> })}
            <div class="flex gap-3">
                <button type="submit" class=BUTTON>{if team.is_some() { "Save team" } else { "Create team" }}</button>
                {team.is_some().then(|| view! { <a href="/teams" class=BUTTON_SECONDARY>"Cancel"</a> })}
            </div>
        </ActionForm>
    }
}

/// The paths whose results My team shows (`done=`).
fn team_results() -> [&'static str; 3] {
    [TeamVmPower::PATH, TeamVmDelete::PATH, DeployTeamVm::PATH]
}

#[component]
pub fn MyTeamPage() -> impl IntoView {
    let query = use_query_map();
    let team = move || query.with(|q| q.get("team"));
    let data = Resource::new(team, get_my_team);
    let done = Resource::new(
        move || query.with(|q| q.get("done")),
        |done| async move {
            match done.filter(|d| team_results().contains(&d.as_str())) {
                Some(d) => crate::api::kept::<String>(d).await,
                None => Ok(None),
            }
        },
    );
    view! {
        <PageHeader title="My team" subtitle="Your team's virtual machines, and new ones from its templates. What you may do with them is what vCenter lets your account do."/>
        <Transition fallback=|| view! { <Loading/> }>
            <ErrorBoundary fallback=|errors| view! { <ErrorList errors/> }>
                {move || Suspend::new(async move {
                    let said = done.await.ok().flatten();
                    data.await.map(|v| view! { <MyTeamView v said/> })
                })}
            </ErrorBoundary>
        </Transition>
    }
}

#[component]
fn MyTeamView(v: MyTeamView, said: Option<String>) -> impl IntoView {
    let Some(team) = v.team.clone() else {
        return view! {
            <Empty text=format!("{} is not a member of any team. An administrator adds members on the Teams page (teams are the tags of the category “{}”).", v.user, v.category)/>
        }
        .into_any();
    };
    let power = ServerAction::<TeamVmPower>::new();
    let delete = ServerAction::<TeamVmDelete>::new();
    let query = use_query_map();
    let page = format!("/my-team?team={}", encode_component(&team.id));
    // `confirm=<action>:<vm>`: power off, reset and delete ask first.
    let asked = query.with_untracked(|q| q.get("confirm")).and_then(|c| c.split_once(':').map(|(a, vm)| (a.to_string(), vm.to_string())));
    let confirm = asked.and_then(|(action, vm)| {
        let found = v.vms.iter().find(|x| x.vm == vm)?.clone();
        let hidden = view! { <input type="hidden" name="team" value=team.id.clone()/><input type="hidden" name="vm" value=found.vm.clone()/> };
        if action == "delete" {
            Some(view! {
                <ConfirmPanel title=format!("Delete {}?", found.name) message="The virtual machine and its disks are removed from vCenter for good. This cannot be undone." cancel_href=page.clone()>
                    <ActionForm action=delete>{hidden}<button type="submit" class=BUTTON_DANGER data-testid="confirm-delete">"Delete"</button></ActionForm>
                </ConfirmPanel>
            }.into_any())
        } else {
            let a = power_action(&action).ok().filter(|a| a.asks.is_some())?;
            Some(view! {
                <ConfirmPanel title=format!("{} {}?", a.button, found.name) message=a.asks.unwrap_or_default() cancel_href=page.clone()>
                    <ActionForm action=power>{hidden}<input type="hidden" name="action" value=a.name/>
                        <button type="submit" class=BUTTON_DANGER data-testid=format!("confirm-power-{}", a.name)>{a.button}</button>
                    </ActionForm>
                </ConfirmPanel>
            }.into_any())
        }
    });
    let chooser = (v.teams.len() > 1).then(|| {
        let current = team.id.clone();
        view! {
            <nav aria-label="Your teams" class="mb-4 flex flex-wrap gap-2">
                {v.teams.iter().map(|(id, name)| {
                    let here = *id == current;
                    view! { <a href=format!("/my-team?team={}", encode_component(id)) class=if here { BUTTON } else { BUTTON_SECONDARY } aria-current=here.then_some("page")>{name.clone()}</a> }
                }).collect_view()}
            </nav>
        }
    });
    let rows = v.vms.iter().map(|vm| view! { <TeamVmRow vm=vm.clone() team=team.id.clone() page=page.clone() power/> }).collect_view();
    let list = if v.vms.is_empty() {
        view! { <Empty text=format!("No virtual machine carries the tag {} yet. Deploy one from a template.", team.name)/> }.into_any()
    } else {
        view! { <Table caption=format!("{}'s virtual machines", team.name) headings=vec!["Name", "Power", "Actions"] test_id="team-vms">{rows}</Table> }.into_any()
    };
    view! {
        {chooser}
        {confirm}
        {said.map(|s| view! { <div class="mb-4"><Notice text=s test_id="team-done"/></div> })}
        <div class="mb-4"><FormError value=power.value() test_id="team-power-error"/></div>
        <div class="mb-4"><FormError value=delete.value() test_id="team-delete-error"/></div>
        <Card title=format!("{} — virtual machines", team.name)>
            <div class="space-y-4">
                <p class="text-sm text-slate-600 dark:text-slate-400">{format!("You are {}. The team's library has {}.", v.user, match v.templates.len() { 0 => "no template you can read".to_string(), 1 => "1 template".to_string(), n => format!("{n} templates") })}</p>
                {list}
                <a href=format!("/my-team/new?team={}", encode_component(&team.id)) class=BUTTON data-testid="new-team-vm">"New VM from template"</a>
            </div>
        </Card>
    }
    .into_any()
}

#[component]
fn TeamVmRow(vm: TeamVm, team: String, page: String, power: ServerAction<TeamVmPower>) -> impl IntoView {
    let tone = match vm.power_state.as_str() {
        "POWERED_ON" => Tone::Good,
        "SUSPENDED" => Tone::Warn,
        _ => Tone::Neutral,
    };
    let buttons = actions_for(&vm.power_state)
        .into_iter()
        .map(|a| {
            let (team, id) = (team.clone(), vm.vm.clone());
            match a.asks {
            Some(_) => view! { <a href=format!("{page}&confirm={}:{id}", a.name) class=BUTTON_SECONDARY data-testid=format!("power-{}", a.name)>{format!("{}…", a.button)}</a> }.into_any(),
            None => view! {
                <ActionForm action=power>
                    <input type="hidden" name="team" value=team/><input type="hidden" name="vm" value=id/><input type="hidden" name="action" value=a.name/>
                    <button type="submit" class=if a.name == "start" { BUTTON } else { BUTTON_SECONDARY } data-testid=format!("power-{}", a.name)>{a.button}</button>
                </ActionForm>
            }.into_any(),
            }
        })
        .collect_view();
    let off = vm.power_state == "POWERED_OFF";
    view! {
        <tr data-testid="team-vm" data-vm=vm.name.clone()>
            <td class="font-medium"><a href=crate::components::inventory::object_href("VirtualMachine", &vm.vm) class=LINK>{vm.name.clone()}</a></td>
            <td><StatusBadge tone word=words(&vm.power_state)/></td>
            <td>
                <div class="flex flex-wrap gap-2">
                    {buttons}
                    {off.then(|| view! { <a href=format!("{page}&confirm=delete:{}", vm.vm) class=BUTTON_SECONDARY data-testid="delete-vm">"Delete…"</a> })}
                </div>
            </td>
        </tr>
    }
}

#[component]
pub fn NewTeamVmPage() -> impl IntoView {
    let query = use_query_map();
    let team = move || query.with(|q| q.get("team"));
    let data = Resource::new(team, get_my_team);
    view! {
        <PageHeader title="New VM from template" subtitle="A new virtual machine from one of your team's templates, in the team's folder and resource pool, tagged with the team and with your name."/>
        <Transition fallback=|| view! { <Loading/> }>
            <ErrorBoundary fallback=|errors| view! { <ErrorList errors/> }>
                {move || Suspend::new(async move { data.await.map(|v| view! { <NewTeamVmForm v/> }) })}
            </ErrorBoundary>
        </Transition>
    }
}

#[component]
fn NewTeamVmForm(v: MyTeamView) -> impl IntoView {
    let Some(team) = v.team.clone() else {
        return view! { <Empty text=format!("{} is not a member of any team.", v.user)/> }.into_any();
    };
    let deploy = ServerAction::<DeployTeamVm>::new();
    let value = deploy.value();
    let template = typed(value, "template", v.templates.first().map(|t| t.0.clone()).unwrap_or_default());
    let name = typed(value, "name", String::new());
    if v.templates.is_empty() {
        return view! { <Empty text=format!("{}'s library has no OVF template you can read.", team.name)/> }.into_any();
    }
    view! {
        <Card title=format!("For {}", team.name)>
            <ActionForm action=deploy attr:class="space-y-4" attr:data-testid="team-deploy-form">
                <input type="hidden" name="team" value=team.id.clone()/>
                <Fields value test_id="team-deploy-error">
                    <SelectField label="Template" name="template" id="team-template" options=v.templates.clone() selected=template/>
                    <TextField label="Name of the new VM" name="name" id="team-vm-name" value=name hint="Up to 80 characters."/>
                </Fields>
                <div class="flex gap-3">
                    <button type="submit" class=BUTTON disabled=move || deploy.pending().get()>{move || if deploy.pending().get() { "Deploying…" } else { "Deploy" }}</button>
                    <a href=format!("/my-team?team={}", encode_component(&team.id)) class=BUTTON_SECONDARY>"Cancel"</a>
                </div>
            </ActionForm>
        </Card>
    }
    .into_any()
}
