//! `cis/tagging` server functions: thin adapters over the client's tagging calls. Names are validated here,
//! before anything reaches vCenter; a refused form comes back with its values as typed.

use crate::error::AppError;
use crate::vsphere::models::cis::tagging::{CategoryModel, TagModel};
use serde::{Deserialize, Serialize};

use leptos::prelude::*;

/// The longest category or tag name vCenter accepts.
pub const MAX_NAME: usize = 256;

/// A category or tag name as vCenter will take it: trimmed, not empty, at most [`MAX_NAME`] characters.
pub fn validate_name(what: &str, name: &str) -> Result<String, AppError> {
    let name = name.trim();
    if name.is_empty() {
        return Err(AppError::invalid("name", format!("Enter a name for the {what}.")));
    }
    let n = name.chars().count();
    if n > MAX_NAME {
        return Err(AppError::invalid("name", format!("The {what} name is {n} characters long; vCenter allows at most {MAX_NAME}.")));
    }
    Ok(name.to_string())
}

/// `SINGLE` / `MULTIPLE` from the form.
pub fn validate_cardinality(value: &str) -> Result<crate::vsphere::models::cis::tagging::category_model::Cardinality, AppError> {
    use crate::vsphere::models::cis::tagging::category_model::Cardinality;
    match value {
        "SINGLE" => Ok(Cardinality::Single),
        "MULTIPLE" => Ok(Cardinality::Multiple),
        _ => Err(AppError::invalid("cardinality", "Choose how many tags of this category an object may carry.")),
    }
}

/// `Type:id` (how forms and URLs carry an object) → the object; the type is never empty and has no colon.
pub fn parse_object(s: &str) -> Result<crate::vsphere::models::vapi::std::DynamicId, AppError> {
    match s.split_once(':') {
        Some((t, id)) if !t.is_empty() && !id.trim().is_empty() => Ok(crate::vsphere::models::vapi::std::DynamicId { r#type: t.into(), id: id.trim().into() }),
        _ => Err(AppError::invalid("object", format!("'{s}' is not an object (expected Type:id, e.g. VirtualMachine:vm-42)."))),
    }
}

pub fn object_key(o: &crate::vsphere::models::vapi::std::DynamicId) -> String {
    format!("{}:{}", o.r#type, o.id)
}

/// A category with its tags (sorted by name).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CategoryInfo {
    pub category: CategoryModel,
    pub tags: Vec<TagModel>,
}

/// Every category with its tags, sorted by name.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct TaggingOverview {
    pub categories: Vec<CategoryInfo>,
}

impl TaggingOverview {
    pub fn tag(&self, id: &str) -> Option<(&CategoryModel, &TagModel)> {
        self.categories.iter().find_map(|c| c.tags.iter().find(|t| t.id == id).map(|t| (&c.category, t)))
    }
}

/// One category's page: the category, its tags and how many attachments deleting it would remove.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CategoryDetail {
    pub category: CategoryModel,
    pub tags: Vec<TagModel>,
    pub attachments: usize,
}

/// An object a tag is attached to, with its name when the inventory could say.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ObjectRef {
    pub object_type: String,
    pub id: String,
    pub name: Option<String>,
}

/// One tag's page.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct TagDetail {
    pub tag: TagModel,
    pub category: CategoryModel,
    pub objects: Vec<ObjectRef>,
}

/// A tag with its category's name, as lists show it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct TagRef {
    pub id: String,
    pub name: String,
    pub category: String,
}

/// An object's tags panel: what it carries and what it may take.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ObjectTags {
    pub attached: Vec<TagRef>,
    pub attachable: Vec<TagRef>,
}

/// The outcome of a bulk attach or detach for one object.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ObjectResult {
    /// `Type:id`
    pub object: String,
    pub ok: bool,
    pub messages: Vec<String>,
}

/// `list_used_categories` / `list_used_tags` for one user of the tagging service.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct UsedBy {
    pub entity: String,
    pub categories: Vec<String>,
    pub tags: Vec<TagRef>,
}

#[cfg(feature = "ssr")]
pub(crate) mod ssr {
    use super::*;
    use crate::client::VcSession;
    use crate::vsphere::inventory::{InventoryKind, ListFilter};
    use crate::vsphere::models::vapi::std::DynamicId;
    use futures::{StreamExt, TryStreamExt};
    use std::collections::HashMap;

    /// Calls at most this many gets at once.
    const PARALLEL: usize = 16;

    pub async fn overview(vc: &VcSession) -> Result<TaggingOverview, AppError> {
        let (cat_ids, tag_ids) = tokio::try_join!(vc.cis_tagging_category_list(), vc.cis_tagging_tag_list())?;
        let cat_gets = cat_ids.into_iter().map(|id| {
            let vc = vc.clone();
            async move { vc.cis_tagging_category_get(&id).await }
        });
        let tag_gets = tag_ids.into_iter().map(|id| {
            let vc = vc.clone();
            async move { vc.cis_tagging_tag_get(&id).await }
        });
        let (cats, tags) = tokio::try_join!(
            futures::stream::iter(cat_gets).buffered(PARALLEL).try_collect::<Vec<_>>(),
            futures::stream::iter(tag_gets).buffered(PARALLEL).try_collect::<Vec<_>>(),
        )?;
        let mut categories: Vec<CategoryInfo> = cats
            .into_iter()
            .map(|category| {
                let mut tags: Vec<TagModel> = tags.iter().filter(|t| t.category_id == category.id).cloned().collect();
                tags.sort_by_key(|t| t.name.to_lowercase());
                CategoryInfo { category, tags }
            })
            .collect();
        categories.sort_by_key(|c| c.category.name.to_lowercase());
        Ok(TaggingOverview { categories })
    }

    pub fn tag_ref(o: &TaggingOverview, id: &str) -> TagRef {
        match o.tag(id) {
            Some((c, t)) => TagRef { id: id.into(), name: t.name.clone(), category: c.name.clone() },
            None => TagRef { id: id.into(), name: id.into(), category: String::new() },
        }
    }

    /// Names of objects, with one filtered list call per kind (by ids, in chunks under the kind's cap).
    /// A vCenter without inventory lists (vcsim) leaves the names unknown.
    pub async fn object_names(vc: &VcSession, objects: &[DynamicId]) -> HashMap<String, String> {
        let mut by_kind: HashMap<InventoryKind, Vec<String>> = HashMap::new();
        for o in objects {
            if let Some(k) = InventoryKind::of_object_type(&o.r#type) {
                by_kind.entry(k).or_default().push(o.id.clone());
            }
        }
        let mut names = HashMap::new();
        for (kind, ids) in by_kind {
            for chunk in ids.chunks(kind.cap()) {
                if let Ok(rows) = crate::api::vcenter::inventory::ssr::list_rows(vc, kind, &ListFilter::ids(chunk.to_vec())).await {
                    names.extend(rows.into_iter().map(|r| (r.id, r.name)));
                }
            }
        }
        names
    }

    /// Attaches (or detaches) every tag to (from) every object with one tag-to-many call per tag, then reads
    /// each tag's objects back to tell each object's outcome; batch messages naming an object go to it.
    pub async fn bulk(vc: &VcSession, objects: &[DynamicId], tag_ids: &[String], detach: bool) -> Result<Vec<ObjectResult>, AppError> {
        let mut results: Vec<ObjectResult> = objects.iter().map(|o| ObjectResult { object: object_key(o), ok: true, messages: Vec::new() }).collect();
        for tag in tag_ids {
            let batch = if detach { vc.tag_detach_from_objects(tag, objects).await? } else { vc.tag_attach_to_objects(tag, objects).await? };
            let now = vc.cis_tagging_tag_association_list_attached_objects(tag).await?;
            for (o, r) in objects.iter().zip(results.iter_mut()) {
                if now.contains(o) != detach {
                    continue;
                }
                r.ok = false;
                let mine: Vec<String> = batch.error_messages.iter().filter(|m| m.default_message.contains(&o.id)).map(|m| m.default_message.clone()).collect();
                if mine.is_empty() {
                    let all: Vec<String> = batch.error_messages.iter().map(|m| m.default_message.clone()).collect();
                    r.messages.push(if all.is_empty() { format!("vCenter did not {} the tag.", if detach { "detach" } else { "attach" }) } else { all.join(" ") });
                } else {
                    r.messages.extend(mine);
                }
            }
        }
        Ok(results)
    }
}

/// A bulk request's objects (`Type:id`) and tags, refused when either is missing.
#[cfg(feature = "ssr")]
fn bulk_input(form: &BulkForm) -> Result<(Vec<crate::vsphere::models::vapi::std::DynamicId>, Vec<String>), AppError> {
    let objects = chosen(&form.objects).iter().map(|s| parse_object(s)).collect::<Result<Vec<_>, _>>()?;
    let tags = chosen(&form.tag_ids);
    if objects.is_empty() {
        return Err(AppError::invalid("objects", "Select at least one object."));
    }
    if tags.is_empty() {
        return Err(AppError::invalid("tag_ids", "Choose a tag."));
    }
    Ok((objects, tags))
}

/// A list field's values, the empty ones (an unset choice) left out.
#[cfg(feature = "ssr")]
fn chosen(v: &[String]) -> Vec<String> {
    v.iter().filter(|s| !s.is_empty()).cloned().collect()
}

#[server(prefix = "/api", endpoint = "cis/tagging/overview")]
pub async fn get_tagging_overview() -> Result<TaggingOverview, AppError> {
    crate::api::ssr::with_vc(|vc| async move { ssr::overview(&vc).await }).await
}

#[server(prefix = "/api", endpoint = "cis/tagging/category/get")]
pub async fn get_category_detail(id: String) -> Result<CategoryDetail, AppError> {
    crate::api::ssr::with_vc(|vc| async move {
        let (category, tag_ids) = tokio::try_join!(vc.cis_tagging_category_get(&id), vc.cis_tagging_tag_list_tags_for_category(&id))?;
        let (tags, on_tags) = tokio::try_join!(futures::future::try_join_all(tag_ids.iter().map(|t| vc.cis_tagging_tag_get(t))), vc.cis_tagging_tag_association_list_attached_objects_on_tags(&tag_ids))?;
        let mut tags = tags;
        tags.sort_by_key(|t| t.name.to_lowercase());
        Ok(CategoryDetail { category, tags, attachments: on_tags.iter().map(|t| t.object_ids.len()).sum() })
    })
    .await
}

/// The category form of create and update (update adds the category's `id`).
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
pub struct CategoryForm {
    #[serde(default)]
    pub id: String,
    #[serde(default)]
    pub name: String,
    #[serde(default)]
    pub description: String,
    #[serde(default)]
    pub cardinality: String,
    #[serde(default)]
    pub associable_types: Vec<String>,
}

#[server(prefix = "/api", endpoint = "cis/tagging/category/create")]
pub async fn create_category(#[server(flatten)] form: CategoryForm) -> Result<String, AppError> {
    use crate::vsphere::models::cis::tagging::category::CreateSpec;
    let keep = |e: AppError| e.with_form(&form);
    let spec = CreateSpec {
        name: validate_name("category", &form.name).map_err(keep)?,
        description: form.description.trim().to_string(),
        cardinality: validate_cardinality(&form.cardinality).map_err(keep)?,
        associable_types: chosen(&form.associable_types),
        category_id: None,
    };
    crate::api::ssr::with_vc(|vc| async move { vc.cis_tagging_category_create(&spec).await }).await.map_err(keep)
}

#[server(prefix = "/api", endpoint = "cis/tagging/category/update")]
pub async fn update_category(#[server(flatten)] form: CategoryForm) -> Result<(), AppError> {
    use crate::vsphere::models::cis::tagging::category::UpdateSpec;
    let keep = |e: AppError| e.with_form(&form);
    let spec = UpdateSpec {
        name: Some(validate_name("category", &form.name).map_err(keep)?),
        description: Some(form.description.trim().to_string()),
        cardinality: Some(validate_cardinality(&form.cardinality).map_err(keep)?),
        associable_types: Some(chosen(&form.associable_types)),
    };
    let id = form.id.clone();
    crate::api::ssr::with_vc(|vc| async move { vc.cis_tagging_category_update(&id, &spec).await }).await.map_err(keep)
}

#[server(prefix = "/api", endpoint = "cis/tagging/category/delete")]
pub async fn delete_category(id: String) -> Result<(), AppError> {
    crate::api::ssr::with_vc(|vc| async move { vc.cis_tagging_category_delete(&id).await }).await?;
    leptos_axum::redirect("/tags/categories");
    Ok(())
}

/// Adds or removes a user of a category (`target` = `category`) or tag (`tag`): `add_to_used_by` /
/// `remove_from_used_by`.
/// Adding (or, with `remove`, removing) a user of a category or tag.
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
pub struct UsedByForm {
    pub target: String,
    pub id: String,
    #[serde(default)]
    pub entity: String,
    pub remove: Option<String>,
}

#[server(prefix = "/api", endpoint = "cis/tagging/used-by")]
pub async fn update_used_by(#[server(flatten)] form: UsedByForm) -> Result<(), AppError> {
    let UsedByForm { target, id, entity, remove } = form;
    let entity = entity.trim().to_string();
    if entity.is_empty() {
        return Err(AppError::invalid("entity", "Enter the user or service."));
    }
    crate::api::ssr::with_vc(|vc| async move {
        match (target.as_str(), remove.is_some()) {
            ("category", false) => vc.cis_tagging_category_add_to_used_by(&id, &entity).await,
            ("category", true) => vc.cis_tagging_category_remove_from_used_by(&id, &entity).await,
            ("tag", false) => vc.cis_tagging_tag_add_to_used_by(&id, &entity).await,
            ("tag", true) => vc.cis_tagging_tag_remove_from_used_by(&id, &entity).await,
            _ => Err(AppError::invalid("target", "Expected a category or a tag.")),
        }
    })
    .await
}

#[server(prefix = "/api", endpoint = "cis/tagging/category/revoke")]
pub async fn revoke_category_permissions(id: String) -> Result<(), AppError> {
    crate::api::ssr::with_vc(|vc| async move { vc.cis_tagging_category_revoke_propagating_permissions(&id).await }).await
}

#[server(prefix = "/api", endpoint = "cis/tagging/used")]
pub async fn get_used_by(entity: String) -> Result<UsedBy, AppError> {
    crate::api::ssr::with_vc(|vc| async move {
        let entity = entity.trim().to_string();
        let (cats, tags, o) = tokio::try_join!(vc.cis_tagging_category_list_used_categories(&entity), vc.cis_tagging_tag_list_used_tags(&entity), ssr::overview(&vc))?;
        let categories = cats.iter().map(|c| o.categories.iter().find(|x| &x.category.id == c).map(|x| x.category.name.clone()).unwrap_or_else(|| c.clone())).collect();
        Ok(UsedBy { entity, categories, tags: tags.iter().map(|t| ssr::tag_ref(&o, t)).collect() })
    })
    .await
}

/// The tag form of create (with its category) and update (with the tag's `id`).
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
pub struct TagForm {
    #[serde(default)]
    pub id: String,
    #[serde(default)]
    pub category_id: String,
    #[serde(default)]
    pub name: String,
    #[serde(default)]
    pub description: String,
}

#[server(prefix = "/api", endpoint = "cis/tagging/tag/create")]
pub async fn create_tag(#[server(flatten)] form: TagForm) -> Result<String, AppError> {
    use crate::vsphere::models::cis::tagging::tag::CreateSpec;
    let keep = |e: AppError| e.with_form(&form);
    if form.category_id.is_empty() {
        return Err(keep(AppError::invalid("category_id", "Choose the category the tag belongs to.")));
    }
    let spec = CreateSpec { name: validate_name("tag", &form.name).map_err(keep)?, description: form.description.trim().to_string(), category_id: form.category_id.clone(), tag_id: None };
    let id = crate::api::ssr::with_vc(|vc| async move { vc.cis_tagging_tag_create(&spec).await }).await.map_err(keep)?;
    // The form goes back to its page with the same category chosen, so the next tag of that category is one
    // name away; `done` says the tag was created, as for any form (`components::form::succeeded`).
    if let Some(back) = crate::api::ssr::request_parts()?.headers.get(http::header::REFERER).and_then(|v| v.to_str().ok()) {
        let query = format!("category={}&done={}", crate::vsphere::rest::encode_component(&form.category_id), <CreateTag as leptos::server_fn::ServerFn>::PATH);
        leptos_axum::redirect(&crate::components::layout::with_query(back, &["category", "done", "__path", "__err"], Some(&query)));
    }
    Ok(id)
}

#[server(prefix = "/api", endpoint = "cis/tagging/tag/update")]
pub async fn update_tag(#[server(flatten)] form: TagForm) -> Result<(), AppError> {
    use crate::vsphere::models::cis::tagging::tag::UpdateSpec;
    let keep = |e: AppError| e.with_form(&form);
    let spec = UpdateSpec { name: Some(validate_name("tag", &form.name).map_err(keep)?), description: Some(form.description.trim().to_string()) };
    let id = form.id.clone();
    crate::api::ssr::with_vc(|vc| async move { vc.cis_tagging_tag_update(&id, &spec).await }).await.map_err(keep)
}

#[server(prefix = "/api", endpoint = "cis/tagging/tag/delete")]
pub async fn delete_tag(id: String) -> Result<(), AppError> {
    crate::api::ssr::with_vc(|vc| async move { vc.cis_tagging_tag_delete(&id).await }).await?;
    leptos_axum::redirect("/tags/tags");
    Ok(())
}

#[server(prefix = "/api", endpoint = "cis/tagging/tag/revoke")]
pub async fn revoke_tag_permissions(id: String) -> Result<(), AppError> {
    crate::api::ssr::with_vc(|vc| async move { vc.cis_tagging_tag_revoke_propagating_permissions(&id).await }).await
}

#[server(prefix = "/api", endpoint = "cis/tagging/tag/get")]
pub async fn get_tag_detail(id: String) -> Result<TagDetail, AppError> {
    crate::api::ssr::with_vc(|vc| async move {
        let (tag, objects) = tokio::try_join!(vc.cis_tagging_tag_get(&id), vc.cis_tagging_tag_association_list_attached_objects(&id))?;
        let category = vc.cis_tagging_category_get(&tag.category_id).await?;
        let names = ssr::object_names(&vc, &objects).await;
        let mut objects: Vec<ObjectRef> = objects.into_iter().map(|o| ObjectRef { name: names.get(&o.id).cloned(), object_type: o.r#type, id: o.id }).collect();
        objects.sort_by(|a, b| (&a.object_type, &a.name, &a.id).cmp(&(&b.object_type, &b.name, &b.id)));
        Ok(TagDetail { tag, category, objects })
    })
    .await
}

/// The tags on a set of objects (`list_attached_tags_on_objects`, one call) and the attachable ones
/// (`list_attachable_tags`) for a single object.
#[server(prefix = "/api", endpoint = "cis/tagging/object")]
pub async fn get_object_tags(object: String) -> Result<ObjectTags, AppError> {
    let o = parse_object(&object)?;
    crate::api::ssr::with_vc(|vc| async move {
        let (attached, attachable, overview) = tokio::try_join!(vc.cis_tagging_tag_association_list_attached_tags(&o), vc.cis_tagging_tag_association_list_attachable_tags(&o), ssr::overview(&vc))?;
        let mut attached: Vec<TagRef> = attached.iter().map(|t| ssr::tag_ref(&overview, t)).collect();
        let mut attachable: Vec<TagRef> = attachable.iter().filter(|t| !attached.iter().any(|a| &a.id == *t)).map(|t| ssr::tag_ref(&overview, t)).collect();
        attached.sort_by(|a, b| (&a.category, &a.name).cmp(&(&b.category, &b.name)));
        attachable.sort_by(|a, b| (&a.category, &a.name).cmp(&(&b.category, &b.name)));
        Ok(ObjectTags { attached, attachable })
    })
    .await
}

/// One object's tags changed in one call: `attach` or `detach` for one tag, `attach_multiple_tags_to_object` or
/// `detach_multiple_tags_from_object` for several; a refused tag comes back as an error with vCenter's messages.
/// Tags to attach to (or detach from, `op` = `detach`) one object (`Type:id`).
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
pub struct ObjectTagsForm {
    pub object: String,
    #[serde(default)]
    pub tag_ids: Vec<String>,
    #[serde(default)]
    pub op: String,
}

#[server(prefix = "/api", endpoint = "cis/tagging/object/tags")]
pub async fn set_object_tags(#[server(flatten)] form: ObjectTagsForm) -> Result<(), AppError> {
    let ObjectTagsForm { object, tag_ids, op } = form;
    let o = parse_object(&object)?;
    let tags = chosen(&tag_ids);
    if tags.is_empty() {
        return Err(AppError::invalid("tag_ids", "Choose at least one tag."));
    }
    crate::api::ssr::with_vc(|vc| async move {
        // One tag: the single call, whose refusal is vCenter's own error (a tag of a one-tag-per-object
        // category on an object that has one already, say). Several: one batch call.
        if let [tag] = tags.as_slice() {
            return if op == "detach" { vc.cis_tagging_tag_association_detach(tag, &o).await } else { vc.cis_tagging_tag_association_attach(tag, &o).await };
        }
        let r = if op == "detach" { vc.tags_detach_from_object(&o, &tags).await? } else { vc.tags_attach_to_object(&o, &tags).await? };
        if r.success {
            Ok(())
        } else {
            let messages = r.error_messages.into_iter().map(|m| crate::error::VapiMessage { id: m.id, default_message: m.default_message, args: m.args }).collect();
            Err(AppError::vapi(crate::error::VapiErrorKind::InvalidArgument, messages))
        }
    })
    .await
}

/// Attach or detach tags on many objects (`Type:id` each): one tag-to-many call per tag, each object's
/// outcome read back. The browser sends large selections in chunks and shows progress between them.
/// Tags to attach to (or detach from, `op` = `detach`) many objects (`Type:id` each).
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
pub struct BulkForm {
    #[serde(default)]
    pub objects: Vec<String>,
    #[serde(default)]
    pub tag_ids: Vec<String>,
    #[serde(default)]
    pub op: String,
}

#[server(prefix = "/api", endpoint = "cis/tagging/bulk")]
pub async fn bulk_tag(#[server(flatten)] form: BulkForm) -> Result<Vec<ObjectResult>, AppError> {
    let (objects, tags) = bulk_input(&form)?;
    let detach = form.op == "detach";
    crate::api::ssr::with_vc(|vc| async move { ssr::bulk(&vc, &objects, &tags, detach).await }).await
}

/// The bulk form of the inventory (a plain form post): starts attaching (detaching) the tags on the objects as a
/// console job, in chunks of [`BULK_CHUNK`](crate::components::inventory::BULK_CHUNK) objects with the
/// progress after each, and sends the browser back to its page with `job=<id>`, which follows the job and then
/// shows each object's outcome. Returns the job's id.
#[server(prefix = "/api", endpoint = "cis/tagging/bulk/start")]
pub async fn start_bulk_tag(#[server(flatten)] form: BulkForm) -> Result<String, AppError> {
    use crate::jobs::JobItem;
    let (objects, tags) = bulk_input(&form)?;
    let detach = form.op == "detach";
    let (vc, _, owner) = crate::api::ssr::vc_session()?;
    let jobs = crate::api::ssr::state()?.jobs;
    let title = if detach { "Detaching tag" } else { "Attaching tag" };
    let job = jobs.start(&owner, title, objects.len() as u64);
    let id = job.id().to_string();
    tokio::spawn(async move {
        job.step("Reading the objects' names");
        let names = ssr::object_names(&vc, &objects).await;
        for chunk in objects.chunks(crate::components::inventory::BULK_CHUNK) {
            job.step(format!("{} {} objects", if detach { "Detaching from" } else { "Attaching to" }, chunk.len()));
            match ssr::bulk(&vc, chunk, &tags, detach).await {
                Ok(results) => {
                    let items = results
                        .into_iter()
                        .map(|r| JobItem { name: names.get(r.object.split_once(':').map_or(r.object.as_str(), |(_, id)| id)).cloned().unwrap_or_else(|| r.object.clone()), key: r.object, ok: r.ok, message: r.messages.join(" ") })
                        .collect();
                    job.advance(chunk.len() as u64, items);
                }
                Err(e) => {
                    job.fail(&e);
                    return;
                }
            }
        }
        job.succeed();
    });
    crate::api::ssr::back_to_job(&id)?;
    Ok(id)
}

/// `page` with `job=<id>` in its query (replacing an earlier job and form results).
pub fn with_job(page: &str, id: &str) -> String {
    let job = format!("job={}", crate::vsphere::rest::encode_component(id));
    crate::components::layout::with_query(page, &["job", "done", "__path", "__err"], Some(&job))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_page_gets_the_job() {
        assert_eq!(with_job("http://h/inventory/vm?name=web&job=job-1", "job-2"), "http://h/inventory/vm?name=web&job=job-2");
        assert_eq!(with_job("/tags/tags/t1", "job-3"), "/tags/tags/t1?job=job-3");
    }

    #[test]
    fn names_are_validated_before_sending() {
        assert_eq!(validate_name("tag", "  prod ").unwrap(), "prod");
        assert!(validate_name("tag", "   ").unwrap_err().to_string().contains("Enter a name for the tag"));
        let e = validate_name("category", &"é".repeat(300)).unwrap_err();
        assert!(e.to_string().contains("300 characters long; vCenter allows at most 256"), "{e}");
        assert!(validate_name("category", &"x".repeat(256)).is_ok());
        assert_eq!(validate_name("tag", "<b>x</b>").unwrap(), "<b>x</b>", "markup is a name like any other");
    }

    #[test]
    fn objects_parse_from_type_and_id() {
        let o = parse_object("VirtualMachine:vm-42").unwrap();
        assert_eq!((o.r#type.as_str(), o.id.as_str()), ("VirtualMachine", "vm-42"));
        assert_eq!(object_key(&o), "VirtualMachine:vm-42");
        assert!(parse_object("vm-42").is_err());
        assert!(parse_object(":vm-42").is_err());
        assert!(parse_object("VirtualMachine: ").is_err());
        assert!(validate_cardinality("SINGLE").is_ok() && validate_cardinality("ONE").is_err());
    }

    #[test]
    fn a_refused_form_keeps_its_values() {
        let e = AppError::invalid("name", "bad").with_input(&[("name", "typed"), ("description", "d")]);
        assert_eq!(e.input("name").as_deref(), Some("typed"));
        assert_eq!(e.to_string(), "bad");
        assert_eq!(e.title(), "Please correct the form");
        let lost = AppError::NotLoggedIn { expired: true }.with_input(&[("name", "x")]);
        assert!(matches!(lost.root(), AppError::NotLoggedIn { .. }) && lost.input("name").as_deref() == Some("x"), "a lost session keeps the form too");
    }
}
