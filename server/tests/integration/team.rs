//! Self-service for a team, over HTTP on the simulator: the administrator makes the team category and a team
//! (its folder, pool, library and members); the operator, a member, sees the team's VMs, deploys one of the
//! team's templates (into the team's folder and pool, tagged with the team and with the requester), powers it
//! on — and is refused, with the missing privilege named, when deleting one; someone who is not a member sees
//! no team and can act on none of its VMs.

use crate::common;

use app::vsphere::inventory::ListFilter;
use app::vsphere::models::vapi::std::DynamicId;
use common::console::{refusal, Console};
use common::{PASSWORD, USER};
use reqwest::header;

const OPERATOR: &str = "operator@vsphere.local";

async fn cookie_of(c: &Console, user: &str) -> String {
    let res = c.login_form(user, PASSWORD, "/my-team").await;
    res.headers()[header::SET_COOKIE].to_str().unwrap().split(';').next().unwrap().to_string()
}

#[test]
fn a_member_deploys_from_the_teams_template_and_powers_within_their_privileges() {
    common::block_on(async {
        use app::vsphere::models::vcenter::ovf::library_item::{CreateSpec, CreateTarget, DeployableIdentity};
        let c = Console::on_simulator(Default::default()).await;
        let vc = c.vc().await;
        // A library with a template made from a powered-off VM.
        let ds = vc.datastore_list(&Default::default()).await.unwrap()[0].datastore.clone();
        let lib = vc.content_local_library_create(None, &common::content_scenario::library_spec("Blue templates", &ds)).await.unwrap();
        let off = vc.vm_list(&ListFilter { states: vec!["POWERED_OFF".into()], ..Default::default() }).await.unwrap();
        let (source, existing) = (off[0].vm.clone(), off[1].clone());
        let made = vc
            .vcenter_ovf_library_item_create(None, &DeployableIdentity { r#type: "VirtualMachine".into(), id: source }, &CreateTarget { library_id: Some(lib.clone()), library_item_id: None }, &CreateSpec { name: Some("web".into()), description: None, flags: None })
            .await
            .unwrap();
        let template = made.ovf_library_item_id.unwrap();
        // The team's folder and pool, in one datacenter; and a pool in another.
        let dcs = vc.datacenter_list(&ListFilter::default()).await.unwrap();
        let in_dc = |dc: &str| ListFilter { datacenters: vec![dc.to_string()], ..Default::default() };
        let folder = vc.folder_list(&ListFilter { states: vec!["VIRTUAL_MACHINE".into()], ..in_dc(&dcs[0].datacenter) }).await.unwrap().pop().unwrap().folder;
        let pool = vc.resource_pool_list(&in_dc(&dcs[0].datacenter)).await.unwrap().pop().unwrap().resource_pool;
        let elsewhere = vc.resource_pool_list(&in_dc(&dcs[1].datacenter)).await.unwrap().pop().unwrap().resource_pool;

        // The administrator: the category, then the team.
        let admin = cookie_of(&c, USER).await;
        assert!(c.html("/teams", &admin).await.contains("data-testid=\"no-team-category\""));
        let res = c.form_post("/api/team/category/create", &admin, "/teams", "").await;
        assert_eq!(refusal(&res), None);
        let bad = c.form_post("/api/team/save", &admin, "/teams", &format!("name=Blue&folder={folder}&pool={pool}&library={lib}&members=bob")).await;
        assert!(refusal(&bad).unwrap().contains("“bob” is not a user"), "members are checked before anything is sent");
        let apart = c.form_post("/api/team/save", &admin, "/teams", &format!("name=Blue&folder={folder}&pool={elsewhere}&library={lib}&members={OPERATOR}")).await;
        assert!(refusal(&apart).unwrap().contains("not in the folder's datacenter"));
        let res = c.form_post("/api/team/save", &admin, "/teams", &format!("name=Blue&folder={folder}&pool={pool}&library={lib}&members={OPERATOR}")).await;
        assert_eq!(refusal(&res), None);
        let teams = c.html("/teams", &admin).await;
        assert!(teams.contains("data-team=\"Blue\"") && teams.contains("Blue templates") && teams.contains(OPERATOR), "listed with its library's name and members");
        let category = vc.cis_tagging_category_list().await.unwrap();
        let mut team = None;
        for id in category {
            if vc.cis_tagging_category_get(&id).await.unwrap().name == "Team" {
                team = vc.cis_tagging_tag_list_tags_for_category(&id).await.unwrap().pop();
            }
        }
        let team = team.expect("the team is a tag in the category Team");
        let vm_object = |id: &str| DynamicId { r#type: "VirtualMachine".into(), id: id.into() };
        vc.cis_tagging_tag_association_attach(&team, &vm_object(&existing.vm)).await.unwrap();

        // The operator, a member: the team's VMs. It may tag (vCenter lets it), but teams are the console's
        // team administrators' to change: refused, nothing changed.
        let op = cookie_of(&c, OPERATOR).await;
        let grab = c.form_post("/api/team/save", &op, "/teams", &format!("id={team}&name=Mine&folder={folder}&pool={pool}&library={lib}&members={OPERATOR},eve@vsphere.local")).await;
        assert!(refusal(&grab).unwrap().contains("Only the console's team administrators"));
        assert_eq!(vc.cis_tagging_tag_get(&team).await.unwrap().name, "Blue");
        assert!(c.html("/teams", &op).await.contains("data-testid=\"teams-read-only\""), "the page offers no form");
        let mine = c.html("/my-team", &op).await;
        assert!(mine.contains(&format!("data-vm=\"{}\"", existing.name)), "the VM carrying the team's tag");
        assert_eq!(mine.matches("data-testid=\"team-vm\"").count(), 1, "and no other");

        // A bad name is refused before anything is sent; then the deploy.
        let deploy = |name: &str| format!("team={team}&template={template}&name={name}");
        let res = c.form_post("/api/team/deploy", &op, &format!("/my-team/new?team={team}"), &deploy("")).await;
        assert!(refusal(&res).unwrap().contains("Enter a name"));
        let res = c.form_post("/api/team/deploy", &op, &format!("/my-team/new?team={team}"), &deploy("blue-web-01")).await;
        assert_eq!(refusal(&res), None);
        let back = res.headers()[header::LOCATION].to_str().unwrap().to_string();
        assert_eq!(back, format!("/my-team?team={}&done=/api/team/deploy", app::vsphere::rest::encode_component(&team)));
        let placed = vc.vm_list(&ListFilter { names: vec!["blue-web-01".into()], folders: vec![folder.clone()], resource_pools: vec![pool.clone()], ..Default::default() }).await.unwrap();
        assert_eq!(placed.len(), 1, "in the team's folder and pool");
        let new_vm = placed[0].vm.clone();
        let tags = vc.cis_tagging_tag_association_list_attached_tags(&vm_object(&new_vm)).await.unwrap();
        let mut names = Vec::new();
        for t in &tags {
            names.push(vc.cis_tagging_tag_get(t).await.unwrap().name);
        }
        names.sort();
        assert_eq!(names, vec!["Blue".to_string(), OPERATOR.to_string()], "tagged with the team and the requester");
        let page = c.html(&back, &op).await;
        assert!(page.contains("blue-web-01 was deployed from the template.") && page.contains("data-vm=\"blue-web-01\""));

        // Power: the operator may. Delete: vCenter refuses, naming the privilege.
        let res = c.form_post("/api/team/vm/power", &op, "/my-team", &format!("team={team}&vm={new_vm}&action=start")).await;
        assert_eq!(refusal(&res), None);
        assert_eq!(vc.vcenter_vm_power_get(&new_vm).await.unwrap().state.as_str(), "POWERED_ON");
        let res = c.form_post("/api/team/vm/delete", &op, "/my-team", &format!("team={team}&vm={}", existing.vm)).await;
        let why = refusal(&res).expect("refused");
        assert!(why.contains("VirtualMachine.Inventory.Delete"), "{why}");
        assert!(vc.vcenter_vm_get(&existing.vm).await.is_ok(), "still there");

        // A VM that is not the team's, and a user who is not a member.
        let other = off[2].vm.clone();
        let res = c.form_post("/api/team/vm/power", &op, "/my-team", &format!("team={team}&vm={other}&action=start")).await;
        assert!(refusal(&res).unwrap().contains("not one of Blue's"));
        let ro = cookie_of(&c, "readonly@vsphere.local").await;
        assert!(c.html("/my-team", &ro).await.contains("is not a member of any team"));
        let res = c.form_post("/api/team/vm/power", &ro, "/my-team", &format!("team={team}&vm={}&action=start", existing.vm)).await;
        assert!(refusal(&res).unwrap().contains("not a member of Blue"));
    })
}
