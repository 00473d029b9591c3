//! `cis/tagging`: categories, tags and tag associations — all 30 operations, with vCenter's rules: ids in
//! vCenter's URN form, unique category names and unique tag names within a category (`already_exists`),
//! cardinality SINGLE and associable types enforced on attach (`invalid_argument`), cardinality only widened
//! and associable types only extended on update, a category's deletion taking its tags and their attachments
//! with it, unknown ids `not_found`, and tagged objects checked against the inventory.

use crate::simulator::{ok, ok_void, Authed, SimError, SimState};
use app::vsphere::rest::VapiErrorKind;
use app::vsphere::models::cis::tagging::category_model::Cardinality;
use app::vsphere::models::cis::tagging::tag_association::{BatchResult, ObjectToTags, TagToObjects};
use app::vsphere::models::cis::tagging::{category, tag, CategoryModel, TagModel};
use app::vsphere::models::vapi::std::{DynamicId, LocalizableMessage};
use app::vsphere::rest::Query;
use axum::body::Bytes;
use axum::extract::{Path, RawQuery, State};
use axum::http::Method;
use axum::response::Response;
use axum::routing::any;
use axum::Router;
use serde::de::DeserializeOwned;
use serde::Deserialize;
use std::collections::{HashMap, HashSet};
use std::sync::Mutex;

/// The longest category or tag name vCenter accepts.
pub const MAX_NAME: usize = 256;

#[derive(Default, Clone)]
struct Data {
    /// In creation order, as vCenter lists them.
    categories: Vec<CategoryModel>,
    tags: Vec<TagModel>,
    /// Tag id → the objects it is attached to, in attachment order.
    attached: HashMap<String, Vec<DynamicId>>,
}

/// The tagging service's state at one moment, kept by a backup.
#[derive(Clone, Default)]
pub struct Snapshot(Data);

#[derive(Default)]
pub struct Tagging {
    data: Mutex<Data>,
}

impl Tagging {
    pub fn new() -> Self {
        Self::default()
    }

    /// An object was deleted: it is no longer attached to any tag (as vCenter forgets a deleted object's tags).
    pub fn forget_object(&self, object_type: &str, id: &str) {
        for objects in self.data.lock().unwrap().attached.values_mut() {
            objects.retain(|o| !(o.r#type == object_type && o.id == id));
        }
    }

    /// The categories, tags and attachments as they are now (what a backup keeps: `appliance/recovery`).
    pub fn snapshot(&self) -> Snapshot {
        Snapshot(self.data.lock().unwrap().clone())
    }

    /// Puts back what a snapshot kept (a restore).
    pub fn restore(&self, snapshot: &Snapshot) {
        *self.data.lock().unwrap() = snapshot.0.clone();
    }

    /// Number of (tag, object) attachments (tests and benchmarks look).
    pub fn attachment_count(&self) -> usize {
        self.data.lock().unwrap().attached.values().map(Vec::len).sum()
    }
}

pub fn routes() -> Router<SimState> {
    Router::new()
        .route("/rest/com/vmware/cis/tagging/category", any(category_collection))
        .route("/rest/com/vmware/cis/tagging/category/{id}", any(category_item))
        .route("/rest/com/vmware/cis/tagging/tag", any(tag_collection))
        .route("/rest/com/vmware/cis/tagging/tag/{id}", any(tag_item))
        .route("/rest/com/vmware/cis/tagging/tag-association", any(association_collection))
        .route("/rest/com/vmware/cis/tagging/tag-association/{id}", any(association_item))
}

fn action(raw: &Option<String>) -> Option<String> {
    let q = Query::parse(raw.as_deref().unwrap_or(""));
    q.get("~action").or_else(|| q.get("action")).map(str::to_string)
}

/// `id:urn:…` path segment → `urn:…`.
fn path_id(seg: &str) -> Result<String, SimError> {
    seg.strip_prefix("id:").map(str::to_string).ok_or_else(|| SimError::no_operation(&format!("path segment '{seg}'")))
}

fn body<T: DeserializeOwned>(bytes: &Bytes) -> Result<T, SimError> {
    let bytes: &[u8] = if bytes.iter().all(u8::is_ascii_whitespace) { b"{}" } else { bytes };
    serde_json::from_slice(bytes).map_err(|e| {
        SimError::invalid_argument("vapi.bindings.typeconverter.invalid.body", format!("The request body is not valid for this operation: {e}."), &[])
    })
}

fn unknown(method: &Method, what: &str, action: Option<&str>) -> SimError {
    match action {
        Some(a) => SimError::no_operation(&format!("{method} {what}?~action={a}")),
        None => SimError::no_operation(&format!("{method} {what}")),
    }
}

fn new_id(kind: &str) -> String {
    format!("urn:vmomi:{kind}:{}:GLOBAL", uuid::Uuid::new_v4())
}

fn check_name(what: &str, name: &str) -> Result<(), SimError> {
    if name.trim().is_empty() {
        return Err(SimError::invalid_argument("cis.tagging.name.empty", format!("The {what} name must not be empty."), &[]));
    }
    let n = name.chars().count();
    if n > MAX_NAME {
        let (n, max) = (n.to_string(), MAX_NAME.to_string());
        return Err(SimError::invalid_argument(
            "cis.tagging.name.too_long",
            format!("The {what} name is {n} characters long; the limit is {max}."),
            &[&n, &max],
        ));
    }
    Ok(())
}

fn check_cardinality(c: &Cardinality) -> Result<(), SimError> {
    match c {
        Cardinality::UnknownValue(v) => Err(SimError::invalid_argument(
            "vapi.bindings.typeconverter.invalid.value",
            format!("Invalid cardinality '{v}'; expected SINGLE or MULTIPLE."),
            &[v],
        )),
        _ => Ok(()),
    }
}

/// `add-to-used-by` (once per entity) or `remove-from-used-by`.
fn set_used_by(used: &mut Vec<String>, who: String, add: bool) {
    if !add {
        used.retain(|u| *u != who);
    } else if !used.contains(&who) {
        used.push(who);
    }
}

fn category_not_found(id: &str) -> SimError {
    SimError::not_found("Category", id)
}

fn tag_not_found(id: &str) -> SimError {
    SimError::not_found("Tag", id)
}

#[derive(Deserialize)]
struct UsedBy {
    used_by_entity: String,
}

#[derive(Deserialize)]
struct CategoryCreate {
    create_spec: category::CreateSpec,
}

#[derive(Deserialize)]
struct CategoryUpdate {
    update_spec: category::UpdateSpec,
}

#[derive(Deserialize)]
struct TagCreate {
    create_spec: tag::CreateSpec,
}

#[derive(Deserialize)]
struct TagUpdate {
    update_spec: tag::UpdateSpec,
}

#[derive(Deserialize)]
struct ObjectBody {
    object_id: DynamicId,
}

#[derive(Deserialize)]
struct ObjectTagsBody {
    object_id: DynamicId,
    tag_ids: Vec<String>,
}

#[derive(Deserialize)]
struct ObjectsBody {
    object_ids: Vec<DynamicId>,
}

#[derive(Deserialize)]
struct TagsBody {
    tag_ids: Vec<String>,
}

// ---------------------------------------------------------------- categories

async fn category_collection(State(s): State<SimState>, _: Authed, method: Method, RawQuery(q): RawQuery, b: Bytes) -> Result<Response, SimError> {
    let a = action(&q);
    let mut d = s.tagging.data.lock().unwrap();
    match (&method, a.as_deref()) {
        (&Method::GET, None) => Ok(ok(d.categories.iter().map(|c| &c.id).collect::<Vec<_>>())),
        (&Method::POST, None) => {
            let spec = body::<CategoryCreate>(&b)?.create_spec;
            check_name("category", &spec.name)?;
            check_cardinality(&spec.cardinality)?;
            if d.categories.iter().any(|c| c.name.eq_ignore_ascii_case(&spec.name)) {
                return Err(SimError::new(
                    VapiErrorKind::AlreadyExists,
                    "cis.tagging.category.already_exists",
                    format!("A category named '{}' already exists.", spec.name),
                    &[&spec.name],
                ));
            }
            let id = match spec.category_id {
                Some(id) if d.categories.iter().any(|c| c.id == id) => {
                    return Err(SimError::new(VapiErrorKind::AlreadyExists, "cis.tagging.category.id.already_exists", format!("A category with id '{id}' already exists."), &[&id]))
                }
                Some(id) => id,
                None => new_id("InventoryServiceCategory"),
            };
            let mut types = spec.associable_types;
            types.dedup();
            d.categories.push(CategoryModel {
                id: id.clone(),
                name: spec.name,
                description: spec.description,
                cardinality: spec.cardinality,
                associable_types: types,
                used_by: Vec::new(),
            });
            Ok(ok(id))
        }
        (&Method::POST, Some("list-used-categories")) => {
            let who = body::<UsedBy>(&b)?.used_by_entity;
            Ok(ok(d.categories.iter().filter(|c| c.used_by.contains(&who)).map(|c| &c.id).collect::<Vec<_>>()))
        }
        _ => Err(unknown(&method, "/rest/com/vmware/cis/tagging/category", a.as_deref())),
    }
}

async fn category_item(State(s): State<SimState>, _: Authed, method: Method, Path(seg): Path<String>, RawQuery(q): RawQuery, b: Bytes) -> Result<Response, SimError> {
    let id = path_id(&seg)?;
    let a = action(&q);
    let mut guard = s.tagging.data.lock().unwrap();
    let d = &mut *guard;
    let idx = d.categories.iter().position(|c| c.id == id);
    match (&method, a.as_deref()) {
        (&Method::GET, None) => Ok(ok(&d.categories[idx.ok_or_else(|| category_not_found(&id))?])),
        (&Method::PATCH, None) => {
            let i = idx.ok_or_else(|| category_not_found(&id))?;
            let spec = body::<CategoryUpdate>(&b)?.update_spec;
            if let Some(name) = &spec.name {
                check_name("category", name)?;
                if d.categories.iter().any(|c| c.id != id && c.name.eq_ignore_ascii_case(name)) {
                    return Err(SimError::new(VapiErrorKind::AlreadyExists, "cis.tagging.category.already_exists", format!("A category named '{name}' already exists."), &[name]));
                }
            }
            let current = &d.categories[i];
            if let Some(c) = &spec.cardinality {
                check_cardinality(c)?;
                if *c == Cardinality::Single && current.cardinality == Cardinality::Multiple {
                    return Err(SimError::invalid_argument(
                        "cis.tagging.category.cardinality.narrow",
                        "The cardinality of a category can be changed from one tag per object to many, not back.",
                        &[],
                    ));
                }
            }
            if let Some(types) = &spec.associable_types {
                let removed: Vec<&String> = current.associable_types.iter().filter(|t| !types.contains(t)).collect();
                if (current.associable_types.is_empty() && !types.is_empty()) || !removed.is_empty() {
                    let what = if removed.is_empty() { "all types".to_string() } else { removed.iter().map(|s| s.as_str()).collect::<Vec<_>>().join(", ") };
                    return Err(SimError::invalid_argument(
                        "cis.tagging.category.associable_types.narrow",
                        format!("Object types can only be added to a category, not removed ({what})."),
                        &[&what],
                    ));
                }
            }
            let c = &mut d.categories[i];
            if let Some(v) = spec.name {
                c.name = v;
            }
            if let Some(v) = spec.description {
                c.description = v;
            }
            if let Some(v) = spec.cardinality {
                c.cardinality = v;
            }
            if let Some(mut v) = spec.associable_types {
                v.dedup();
                c.associable_types = v;
            }
            Ok(ok_void())
        }
        (&Method::DELETE, None) => {
            let i = idx.ok_or_else(|| category_not_found(&id))?;
            d.categories.remove(i);
            let gone: Vec<String> = d.tags.iter().filter(|t| t.category_id == id).map(|t| t.id.clone()).collect();
            d.tags.retain(|t| t.category_id != id);
            for t in gone {
                d.attached.remove(&t);
            }
            Ok(ok_void())
        }
        (&Method::POST, Some(act @ ("add-to-used-by" | "remove-from-used-by"))) => {
            let i = idx.ok_or_else(|| category_not_found(&id))?;
            set_used_by(&mut d.categories[i].used_by, body::<UsedBy>(&b)?.used_by_entity, act == "add-to-used-by");
            Ok(ok_void())
        }
        (&Method::POST, Some("revoke-propagating-permissions")) => {
            idx.ok_or_else(|| category_not_found(&id))?;
            Ok(ok_void())
        }
        _ => Err(unknown(&method, "/rest/com/vmware/cis/tagging/category/id:{category_id}", a.as_deref())),
    }
}

// ---------------------------------------------------------------- tags

async fn tag_collection(State(s): State<SimState>, _: Authed, method: Method, RawQuery(q): RawQuery, b: Bytes) -> Result<Response, SimError> {
    let a = action(&q);
    let mut d = s.tagging.data.lock().unwrap();
    match (&method, a.as_deref()) {
        (&Method::GET, None) => Ok(ok(d.tags.iter().map(|t| &t.id).collect::<Vec<_>>())),
        (&Method::POST, None) => {
            let spec = body::<TagCreate>(&b)?.create_spec;
            check_name("tag", &spec.name)?;
            if !d.categories.iter().any(|c| c.id == spec.category_id) {
                return Err(category_not_found(&spec.category_id));
            }
            if d.tags.iter().any(|t| t.category_id == spec.category_id && t.name.eq_ignore_ascii_case(&spec.name)) {
                return Err(SimError::new(
                    VapiErrorKind::AlreadyExists,
                    "cis.tagging.tag.already_exists",
                    format!("A tag named '{}' already exists in this category.", spec.name),
                    &[&spec.name],
                ));
            }
            let id = match spec.tag_id {
                Some(id) if d.tags.iter().any(|t| t.id == id) => {
                    return Err(SimError::new(VapiErrorKind::AlreadyExists, "cis.tagging.tag.id.already_exists", format!("A tag with id '{id}' already exists."), &[&id]))
                }
                Some(id) => id,
                None => new_id("InventoryServiceTag"),
            };
            d.tags.push(TagModel { id: id.clone(), category_id: spec.category_id, name: spec.name, description: spec.description, used_by: Vec::new() });
            Ok(ok(id))
        }
        (&Method::POST, Some("list-used-tags")) => {
            let who = body::<UsedBy>(&b)?.used_by_entity;
            Ok(ok(d.tags.iter().filter(|t| t.used_by.contains(&who)).map(|t| &t.id).collect::<Vec<_>>()))
        }
        _ => Err(unknown(&method, "/rest/com/vmware/cis/tagging/tag", a.as_deref())),
    }
}

async fn tag_item(State(s): State<SimState>, _: Authed, method: Method, Path(seg): Path<String>, RawQuery(q): RawQuery, b: Bytes) -> Result<Response, SimError> {
    let id = path_id(&seg)?;
    let a = action(&q);
    let mut guard = s.tagging.data.lock().unwrap();
    let d = &mut *guard;
    let idx = d.tags.iter().position(|t| t.id == id);
    match (&method, a.as_deref()) {
        (&Method::GET, None) => Ok(ok(&d.tags[idx.ok_or_else(|| tag_not_found(&id))?])),
        (&Method::PATCH, None) => {
            let i = idx.ok_or_else(|| tag_not_found(&id))?;
            let spec = body::<TagUpdate>(&b)?.update_spec;
            if let Some(name) = &spec.name {
                check_name("tag", name)?;
                let cat = &d.tags[i].category_id;
                if d.tags.iter().any(|t| t.id != id && &t.category_id == cat && t.name.eq_ignore_ascii_case(name)) {
                    return Err(SimError::new(VapiErrorKind::AlreadyExists, "cis.tagging.tag.already_exists", format!("A tag named '{name}' already exists in this category."), &[name]));
                }
            }
            let t = &mut d.tags[i];
            if let Some(v) = spec.name {
                t.name = v;
            }
            if let Some(v) = spec.description {
                t.description = v;
            }
            Ok(ok_void())
        }
        (&Method::DELETE, None) => {
            let i = idx.ok_or_else(|| tag_not_found(&id))?;
            d.tags.remove(i);
            d.attached.remove(&id);
            Ok(ok_void())
        }
        (&Method::POST, Some(act @ ("add-to-used-by" | "remove-from-used-by"))) => {
            let i = idx.ok_or_else(|| tag_not_found(&id))?;
            set_used_by(&mut d.tags[i].used_by, body::<UsedBy>(&b)?.used_by_entity, act == "add-to-used-by");
            Ok(ok_void())
        }
        (&Method::POST, Some("revoke-propagating-permissions")) => {
            idx.ok_or_else(|| tag_not_found(&id))?;
            Ok(ok_void())
        }
        // Here the id is a category's.
        (&Method::POST, Some("list-tags-for-category")) => {
            if !d.categories.iter().any(|c| c.id == id) {
                return Err(category_not_found(&id));
            }
            Ok(ok(d.tags.iter().filter(|t| t.category_id == id).map(|t| &t.id).collect::<Vec<_>>()))
        }
        _ => Err(unknown(&method, "/rest/com/vmware/cis/tagging/tag/id:{tag_id}", a.as_deref())),
    }
}

// ---------------------------------------------------------------- associations

/// Why this tag may not be attached to this object, if it may not: the object does not exist, its type is
/// not associable, or the category is SINGLE and the object already carries another of its tags.
fn attach_refusal(s: &SimState, d: &Data, tag: &TagModel, object: &DynamicId) -> Option<SimError> {
    let category = d.categories.iter().find(|c| c.id == tag.category_id)?;
    match s.inventory.object_exists(&object.r#type, &object.id) {
        Some(true) => {}
        Some(false) => {
            return Some(SimError::invalid_argument(
                "cis.tagging.objectNotFound.error",
                format!("The object {} of type {} does not exist.", object.id, object.r#type),
                &[&object.id, &object.r#type],
            ))
        }
        None => {
            return Some(SimError::invalid_argument(
                "cis.tagging.object_type.unknown",
                format!("Objects of type {} cannot be tagged.", object.r#type),
                &[&object.r#type],
            ))
        }
    }
    if !category.associable_types.is_empty() && !category.associable_types.contains(&object.r#type) {
        return Some(SimError::invalid_argument(
            "cis.tagging.associable_type.error",
            format!(
                "Tag '{}' cannot be attached to {} {}: its category '{}' is for {} only.",
                tag.name,
                object.r#type,
                object.id,
                category.name,
                category.associable_types.join(", ")
            ),
            &[&tag.name, &object.r#type, &object.id, &category.name],
        ));
    }
    if category.cardinality == Cardinality::Single {
        let other = d.tags.iter().find(|t| {
            t.category_id == category.id && t.id != tag.id && d.attached.get(&t.id).is_some_and(|objs| objs.contains(object))
        });
        if let Some(other) = other {
            return Some(SimError::invalid_argument(
                "cis.tagging.cardinality.single",
                format!(
                    "{} {} already has tag '{}' of category '{}', which allows one tag per object.",
                    object.r#type, object.id, other.name, category.name
                ),
                &[&object.r#type, &object.id, &other.name, &category.name],
            ));
        }
    }
    None
}

fn attach_one(s: &SimState, d: &mut Data, tag_id: &str, object: &DynamicId) -> Result<(), SimError> {
    let tag = d.tags.iter().find(|t| t.id == tag_id).cloned().ok_or_else(|| tag_not_found(tag_id))?;
    if d.attached.get(tag_id).is_some_and(|objs| objs.contains(object)) {
        return Ok(()); // attaching twice changes nothing, as on vCenter
    }
    if let Some(e) = attach_refusal(s, d, &tag, object) {
        return Err(e);
    }
    d.attached.entry(tag_id.to_string()).or_default().push(object.clone());
    Ok(())
}

fn detach_one(d: &mut Data, tag_id: &str, object: &DynamicId) -> Result<(), SimError> {
    if !d.tags.iter().any(|t| t.id == tag_id) {
        return Err(tag_not_found(tag_id));
    }
    if let Some(objs) = d.attached.get_mut(tag_id) {
        objs.retain(|o| o != object);
    }
    Ok(())
}

/// A batch's outcome: success when nothing failed, else every failure's message.
fn batch(errors: Vec<SimError>) -> BatchResult {
    BatchResult {
        success: errors.is_empty(),
        error_messages: errors.into_iter().map(|e| LocalizableMessage { id: e.id, default_message: e.message, args: e.args }).collect(),
    }
}

async fn association_collection(State(s): State<SimState>, _: Authed, method: Method, RawQuery(q): RawQuery, b: Bytes) -> Result<Response, SimError> {
    let a = action(&q);
    if method != Method::POST {
        return Err(unknown(&method, "/rest/com/vmware/cis/tagging/tag-association", a.as_deref()));
    }
    let mut guard = s.tagging.data.lock().unwrap();
    let d = &mut *guard;
    match a.as_deref() {
        Some("attach-multiple-tags-to-object") => {
            let body = body::<ObjectTagsBody>(&b)?;
            let errors = body.tag_ids.iter().filter_map(|t| attach_one(&s, d, t, &body.object_id).err()).collect();
            Ok(ok(batch(errors)))
        }
        Some("detach-multiple-tags-from-object") => {
            let body = body::<ObjectTagsBody>(&b)?;
            let errors = body.tag_ids.iter().filter_map(|t| detach_one(d, t, &body.object_id).err()).collect();
            Ok(ok(batch(errors)))
        }
        Some("list-attachable-tags") => {
            let object = body::<ObjectBody>(&b)?.object_id;
            let attachable: Vec<&String> = d
                .tags
                .iter()
                .filter(|t| !d.attached.get(&t.id).is_some_and(|objs| objs.contains(&object)) && attach_refusal(&s, d, t, &object).is_none())
                .map(|t| &t.id)
                .collect();
            Ok(ok(attachable))
        }
        Some("list-attached-tags") => {
            let object = body::<ObjectBody>(&b)?.object_id;
            Ok(ok(d.tags.iter().filter(|t| d.attached.get(&t.id).is_some_and(|objs| objs.contains(&object))).map(|t| &t.id).collect::<Vec<_>>()))
        }
        Some("list-attached-tags-on-objects") => {
            let objects = body::<ObjectsBody>(&b)?.object_ids;
            // One pass over the attachments, then one lookup per object.
            let mut by_object: HashMap<(&str, &str), Vec<String>> = HashMap::new();
            for t in &d.tags {
                for o in d.attached.get(&t.id).into_iter().flatten() {
                    by_object.entry((o.r#type.as_str(), o.id.as_str())).or_default().push(t.id.clone());
                }
            }
            let out: Vec<ObjectToTags> = objects
                .into_iter()
                .map(|o| {
                    let tag_ids = by_object.get(&(o.r#type.as_str(), o.id.as_str())).cloned().unwrap_or_default();
                    ObjectToTags { object_id: o, tag_ids }
                })
                .collect();
            Ok(ok(out))
        }
        Some("list-attached-objects-on-tags") => {
            let tags = body::<TagsBody>(&b)?.tag_ids;
            let known: HashSet<&String> = d.tags.iter().map(|t| &t.id).collect();
            let out: Vec<TagToObjects> = tags
                .iter()
                .filter(|t| known.contains(t))
                .map(|t| TagToObjects { tag_id: t.clone(), object_ids: d.attached.get(t).cloned().unwrap_or_default() })
                .collect();
            Ok(ok(out))
        }
        other => Err(unknown(&method, "/rest/com/vmware/cis/tagging/tag-association", other)),
    }
}

async fn association_item(State(s): State<SimState>, _: Authed, method: Method, Path(seg): Path<String>, RawQuery(q): RawQuery, b: Bytes) -> Result<Response, SimError> {
    let tag_id = path_id(&seg)?;
    let a = action(&q);
    if method != Method::POST {
        return Err(unknown(&method, "/rest/com/vmware/cis/tagging/tag-association/id:{tag_id}", a.as_deref()));
    }
    let mut guard = s.tagging.data.lock().unwrap();
    let d = &mut *guard;
    match a.as_deref() {
        Some("attach") => {
            let object = body::<ObjectBody>(&b)?.object_id;
            attach_one(&s, d, &tag_id, &object)?;
            Ok(ok_void())
        }
        Some("detach") => {
            let object = body::<ObjectBody>(&b)?.object_id;
            detach_one(d, &tag_id, &object)?;
            Ok(ok_void())
        }
        Some("attach-tag-to-multiple-objects") => {
            if !d.tags.iter().any(|t| t.id == tag_id) {
                return Err(tag_not_found(&tag_id));
            }
            let objects = body::<ObjectsBody>(&b)?.object_ids;
            let errors = objects.iter().filter_map(|o| attach_one(&s, d, &tag_id, o).err()).collect();
            Ok(ok(batch(errors)))
        }
        Some("detach-tag-from-multiple-objects") => {
            if !d.tags.iter().any(|t| t.id == tag_id) {
                return Err(tag_not_found(&tag_id));
            }
            let objects = body::<ObjectsBody>(&b)?.object_ids;
            let errors = objects.iter().filter_map(|o| detach_one(d, &tag_id, o).err()).collect();
            Ok(ok(batch(errors)))
        }
        Some("list-attached-objects") => {
            if !d.tags.iter().any(|t| t.id == tag_id) {
                return Err(tag_not_found(&tag_id));
            }
            Ok(ok(d.attached.get(&tag_id).cloned().unwrap_or_default()))
        }
        other => Err(unknown(&method, "/rest/com/vmware/cis/tagging/tag-association/id:{tag_id}", other)),
    }
}
