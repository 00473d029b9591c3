//! The tagging scenario both vCenters must pass, through our client: our simulator and govmomi's vcsim.
//! It returns a transcript in which ids are replaced by names and object positions, so the two runs can be
//! compared line by line.
#![allow(dead_code)]

use app::client::VcSession;
use app::error::VapiErrorKind;
use app::vsphere::models::cis::tagging::category_model::Cardinality;
use app::vsphere::models::cis::tagging::{category, tag};
use app::vsphere::models::vapi::std::DynamicId;
use std::collections::BTreeSet;

pub fn vm(id: &str) -> DynamicId {
    DynamicId { r#type: "VirtualMachine".into(), id: id.into() }
}

/// Create a category and two tags, attach one by one and in bulk, list every way, detach, rename, delete a
/// tag, delete the category; duplicates refused, deleted ids not found. `objects` are three VMs of the
/// vCenter under test.
pub async fn run(s: &VcSession, objects: &[DynamicId; 3]) -> Vec<String> {
    let mut out = Vec::new();
    let pos = |o: &DynamicId| objects.iter().position(|x| x == o).map(|i| format!("obj{i}")).unwrap_or_else(|| format!("other:{}", o.id));

    let cat = s
        .cis_tagging_category_create(&category::CreateSpec {
            name: "Environment".into(),
            description: "Where a machine runs".into(),
            cardinality: Cardinality::Multiple,
            associable_types: vec!["VirtualMachine".into()],
            category_id: None,
        })
        .await
        .expect("create category");
    assert!(cat.starts_with("urn:vmomi:InventoryServiceCategory:") && cat.ends_with(":GLOBAL"), "{cat}");
    let c = s.cis_tagging_category_get(&cat).await.unwrap();
    out.push(format!("category {} / {} / {:?} / {:?}", c.name, c.description, c.cardinality, c.associable_types));
    assert!(s.cis_tagging_category_list().await.unwrap().contains(&cat));

    let dup = s
        .cis_tagging_category_create(&category::CreateSpec {
            name: "Environment".into(),
            description: String::new(),
            cardinality: Cardinality::Single,
            associable_types: vec![],
            category_id: None,
        })
        .await
        .expect_err("a second category with the same name");
    assert!(dup.is(VapiErrorKind::AlreadyExists), "{dup:?}");
    out.push("duplicate category refused: already_exists".into());

    let new_tag = |name: &str| tag::CreateSpec { name: name.into(), description: format!("{name} machines"), category_id: cat.clone(), tag_id: None };
    let prod = s.cis_tagging_tag_create(&new_tag("prod")).await.expect("create tag prod");
    let test = s.cis_tagging_tag_create(&new_tag("test")).await.expect("create tag test");
    assert!(prod.starts_with("urn:vmomi:InventoryServiceTag:") && prod.ends_with(":GLOBAL"), "{prod}");
    let dup = s.cis_tagging_tag_create(&new_tag("prod")).await.expect_err("a second tag 'prod' in the category");
    assert!(dup.is(VapiErrorKind::AlreadyExists), "{dup:?}");
    out.push("duplicate tag refused: already_exists".into());
    let name_of = |id: &str| if id == prod { "prod".to_string() } else if id == test { "test".to_string() } else { format!("other:{id}") };

    let in_cat: BTreeSet<String> = s.cis_tagging_tag_list_tags_for_category(&cat).await.unwrap().iter().map(|t| name_of(t)).collect();
    out.push(format!("tags in category: {in_cat:?}"));
    let t = s.cis_tagging_tag_get(&prod).await.unwrap();
    out.push(format!("tag {} / {} / in category: {}", t.name, t.description, t.category_id == cat));

    s.cis_tagging_tag_association_attach(&prod, &objects[0]).await.expect("attach");
    let r = s.tag_attach_to_objects(&prod, &objects[1..]).await.expect("attach to many");
    out.push(format!("attach to many: success={} errors={}", r.success, r.error_messages.len()));
    s.cis_tagging_tag_association_attach(&test, &objects[0]).await.expect("attach a second tag of a MULTIPLE category");

    let attached = |v: Vec<DynamicId>| v.iter().map(pos).collect::<BTreeSet<_>>();
    out.push(format!("prod on: {:?}", attached(s.cis_tagging_tag_association_list_attached_objects(&prod).await.unwrap())));
    out.push(format!("obj0 has: {:?}", s.cis_tagging_tag_association_list_attached_tags(&objects[0]).await.unwrap().iter().map(|t| name_of(t)).collect::<BTreeSet<_>>()));
    let mut per_object: Vec<String> = s
        .objects_attached_tags(objects)
        .await
        .unwrap()
        .into_iter()
        .map(|o| format!("{} -> {:?}", pos(&o.object_id), o.tag_ids.iter().map(|t| name_of(t)).collect::<BTreeSet<_>>()))
        .collect();
    per_object.sort();
    out.push(format!("tags on objects: {per_object:?}"));
    let mut per_tag: Vec<String> = s
        .cis_tagging_tag_association_list_attached_objects_on_tags(&[prod.clone(), test.clone()])
        .await
        .unwrap()
        .into_iter()
        .map(|t| format!("{} -> {:?}", name_of(&t.tag_id), attached(t.object_ids)))
        .collect();
    per_tag.sort();
    out.push(format!("objects on tags: {per_tag:?}"));

    s.cis_tagging_tag_association_detach(&prod, &objects[1]).await.expect("detach");
    out.push(format!("after detach, prod on: {:?}", attached(s.cis_tagging_tag_association_list_attached_objects(&prod).await.unwrap())));

    s.cis_tagging_category_update(&cat, &category::UpdateSpec { name: Some("Env".into()), description: Some("Renamed".into()), cardinality: None, associable_types: None })
        .await
        .expect("update category");
    let c = s.cis_tagging_category_get(&cat).await.unwrap();
    out.push(format!("category now {} / {}", c.name, c.description));
    s.cis_tagging_tag_update(&prod, &tag::UpdateSpec { name: None, description: Some("Production".into()) }).await.expect("update tag");
    out.push(format!("prod now: {}", s.cis_tagging_tag_get(&prod).await.unwrap().description));

    s.cis_tagging_tag_delete(&test).await.expect("delete tag");
    let gone = s.cis_tagging_tag_get(&test).await.expect_err("a deleted tag");
    assert!(gone.is(VapiErrorKind::NotFound), "{gone:?}");
    out.push(format!("after deleting test, obj0 has: {:?}", s.cis_tagging_tag_association_list_attached_tags(&objects[0]).await.unwrap().iter().map(|t| name_of(t)).collect::<BTreeSet<_>>()));

    s.cis_tagging_category_delete(&cat).await.expect("delete category");
    for (what, r) in [("category", s.cis_tagging_category_get(&cat).await.map(|_| ())), ("its tag", s.cis_tagging_tag_get(&prod).await.map(|_| ()))] {
        let e = r.expect_err(what);
        assert!(e.is(VapiErrorKind::NotFound), "{what}: {e:?}");
    }
    out.push(format!("after deleting the category: listed={} tags left={}", s.cis_tagging_category_list().await.unwrap().contains(&cat), s.cis_tagging_tag_list().await.unwrap().contains(&prod)));
    let e = s.cis_tagging_tag_association_attach(&prod, &objects[0]).await.expect_err("attach a deleted tag");
    assert!(e.is(VapiErrorKind::NotFound), "{e:?}");
    out.push("attach of a deleted tag: not_found".into());
    out
}

/// What the transcript must say, whichever vCenter ran it.
pub const EXPECTED: &[&str] = &[
    "category Environment / Where a machine runs / Multiple / [\"VirtualMachine\"]",
    "duplicate category refused: already_exists",
    "duplicate tag refused: already_exists",
    "tags in category: {\"prod\", \"test\"}",
    "tag prod / prod machines / in category: true",
    "attach to many: success=true errors=0",
    "prod on: {\"obj0\", \"obj1\", \"obj2\"}",
    "obj0 has: {\"prod\", \"test\"}",
    "tags on objects: [\"obj0 -> {\\\"prod\\\", \\\"test\\\"}\", \"obj1 -> {\\\"prod\\\"}\", \"obj2 -> {\\\"prod\\\"}\"]",
    "objects on tags: [\"prod -> {\\\"obj0\\\", \\\"obj1\\\", \\\"obj2\\\"}\", \"test -> {\\\"obj0\\\"}\"]",
    "after detach, prod on: {\"obj0\", \"obj2\"}",
    "category now Env / Renamed",
    "prod now: Production",
    "after deleting test, obj0 has: {\"prod\"}",
    "after deleting the category: listed=false tags left=false",
    "attach of a deleted tag: not_found",
];
