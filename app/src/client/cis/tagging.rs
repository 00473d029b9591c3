//! `cis/tagging`: the 30 operations of categories (`category`), tags (`tag`) and attachments
//! (`tag-association`).

use super::super::VcSession;
use crate::error::AppError;
use crate::vsphere::models::cis::tagging::tag_association::{BatchResult, ObjectToTags, TagToObjects};
use crate::vsphere::models::cis::tagging::{category, tag, CategoryModel, TagModel};
use crate::vsphere::models::vapi::std::DynamicId;
use serde_json::json;

const CATEGORY: &str = "/rest/com/vmware/cis/tagging/category";
const TAG: &str = "/rest/com/vmware/cis/tagging/tag";
const ASSOCIATION: &str = "/rest/com/vmware/cis/tagging/tag-association";

/// A batch answer. vcsim answers `attach-tag-to-multiple-objects` with an empty body (void); read that as a
/// batch without errors.
fn batch(result: Option<BatchResult>) -> BatchResult {
    result.unwrap_or(BatchResult { success: true, error_messages: Vec::new() })
}

impl VcSession {
    // ------------------------------------------------------------ category

    /// `GET …/category`
    pub async fn category_list(&self) -> Result<Vec<String>, AppError> {
        self.get(CATEGORY, &Default::default()).await
    }

    /// `GET …/category/id:{id}`
    pub async fn category_get(&self, id: &str) -> Result<CategoryModel, AppError> {
        self.get(&format!("{CATEGORY}/id:{id}"), &Default::default()).await
    }

    /// `POST …/category`: the new category's id.
    pub async fn category_create(&self, spec: &category::CreateSpec) -> Result<String, AppError> {
        self.post(CATEGORY, Some(&json!({ "create_spec": spec }))).await
    }

    /// `PATCH …/category/id:{id}`
    pub async fn category_update(&self, id: &str, spec: &category::UpdateSpec) -> Result<(), AppError> {
        self.patch(&format!("{CATEGORY}/id:{id}"), &json!({ "update_spec": spec })).await
    }

    /// `DELETE …/category/id:{id}`: with its tags and their attachments.
    pub async fn category_delete(&self, id: &str) -> Result<(), AppError> {
        self.delete(&format!("{CATEGORY}/id:{id}")).await
    }

    /// `POST …/category?~action=list-used-categories`
    pub async fn category_list_used(&self, used_by_entity: &str) -> Result<Vec<String>, AppError> {
        self.post(&format!("{CATEGORY}?~action=list-used-categories"), Some(&json!({ "used_by_entity": used_by_entity }))).await
    }

    /// `POST …/category/id:{id}?~action=add-to-used-by`
    pub async fn category_add_to_used_by(&self, id: &str, used_by_entity: &str) -> Result<(), AppError> {
        self.post(&format!("{CATEGORY}/id:{id}?~action=add-to-used-by"), Some(&json!({ "used_by_entity": used_by_entity }))).await
    }

    /// `POST …/category/id:{id}?~action=remove-from-used-by`
    pub async fn category_remove_from_used_by(&self, id: &str, used_by_entity: &str) -> Result<(), AppError> {
        self.post(&format!("{CATEGORY}/id:{id}?~action=remove-from-used-by"), Some(&json!({ "used_by_entity": used_by_entity }))).await
    }

    /// `POST …/category/id:{id}?~action=revoke-propagating-permissions`
    pub async fn category_revoke_propagating_permissions(&self, id: &str) -> Result<(), AppError> {
        self.post(&format!("{CATEGORY}/id:{id}?~action=revoke-propagating-permissions"), Some(&json!({}))).await
    }

    // ------------------------------------------------------------ tag

    /// `GET …/tag`
    pub async fn tag_list(&self) -> Result<Vec<String>, AppError> {
        self.get(TAG, &Default::default()).await
    }

    /// `GET …/tag/id:{id}`
    pub async fn tag_get(&self, id: &str) -> Result<TagModel, AppError> {
        self.get(&format!("{TAG}/id:{id}"), &Default::default()).await
    }

    /// `POST …/tag`: the new tag's id.
    pub async fn tag_create(&self, spec: &tag::CreateSpec) -> Result<String, AppError> {
        self.post(TAG, Some(&json!({ "create_spec": spec }))).await
    }

    /// `PATCH …/tag/id:{id}`
    pub async fn tag_update(&self, id: &str, spec: &tag::UpdateSpec) -> Result<(), AppError> {
        self.patch(&format!("{TAG}/id:{id}"), &json!({ "update_spec": spec })).await
    }

    /// `DELETE …/tag/id:{id}`
    pub async fn tag_delete(&self, id: &str) -> Result<(), AppError> {
        self.delete(&format!("{TAG}/id:{id}")).await
    }

    /// `POST …/tag/id:{category_id}?~action=list-tags-for-category`
    pub async fn tag_list_for_category(&self, category_id: &str) -> Result<Vec<String>, AppError> {
        self.post(&format!("{TAG}/id:{category_id}?~action=list-tags-for-category"), Some(&json!({}))).await
    }

    /// `POST …/tag?~action=list-used-tags`
    pub async fn tag_list_used(&self, used_by_entity: &str) -> Result<Vec<String>, AppError> {
        self.post(&format!("{TAG}?~action=list-used-tags"), Some(&json!({ "used_by_entity": used_by_entity }))).await
    }

    /// `POST …/tag/id:{id}?~action=add-to-used-by`
    pub async fn tag_add_to_used_by(&self, id: &str, used_by_entity: &str) -> Result<(), AppError> {
        self.post(&format!("{TAG}/id:{id}?~action=add-to-used-by"), Some(&json!({ "used_by_entity": used_by_entity }))).await
    }

    /// `POST …/tag/id:{id}?~action=remove-from-used-by`
    pub async fn tag_remove_from_used_by(&self, id: &str, used_by_entity: &str) -> Result<(), AppError> {
        self.post(&format!("{TAG}/id:{id}?~action=remove-from-used-by"), Some(&json!({ "used_by_entity": used_by_entity }))).await
    }

    /// `POST …/tag/id:{id}?~action=revoke-propagating-permissions`
    pub async fn tag_revoke_propagating_permissions(&self, id: &str) -> Result<(), AppError> {
        self.post(&format!("{TAG}/id:{id}?~action=revoke-propagating-permissions"), Some(&json!({}))).await
    }

    // ------------------------------------------------------------ tag-association

    /// `POST …/tag-association/id:{tag}?~action=attach`
    pub async fn tag_attach(&self, tag_id: &str, object: &DynamicId) -> Result<(), AppError> {
        self.post(&format!("{ASSOCIATION}/id:{tag_id}?~action=attach"), Some(&json!({ "object_id": object }))).await
    }

    /// `POST …/tag-association/id:{tag}?~action=detach`
    pub async fn tag_detach(&self, tag_id: &str, object: &DynamicId) -> Result<(), AppError> {
        self.post(&format!("{ASSOCIATION}/id:{tag_id}?~action=detach"), Some(&json!({ "object_id": object }))).await
    }

    /// `POST …/tag-association/id:{tag}?~action=attach-tag-to-multiple-objects`
    pub async fn tag_attach_to_objects(&self, tag_id: &str, objects: &[DynamicId]) -> Result<BatchResult, AppError> {
        let r: Option<BatchResult> = self.post(&format!("{ASSOCIATION}/id:{tag_id}?~action=attach-tag-to-multiple-objects"), Some(&json!({ "object_ids": objects }))).await?;
        Ok(batch(r))
    }

    /// `POST …/tag-association/id:{tag}?~action=detach-tag-from-multiple-objects`
    pub async fn tag_detach_from_objects(&self, tag_id: &str, objects: &[DynamicId]) -> Result<BatchResult, AppError> {
        let r: Option<BatchResult> = self.post(&format!("{ASSOCIATION}/id:{tag_id}?~action=detach-tag-from-multiple-objects"), Some(&json!({ "object_ids": objects }))).await?;
        Ok(batch(r))
    }

    /// `POST …/tag-association?~action=attach-multiple-tags-to-object`
    pub async fn tags_attach_to_object(&self, object: &DynamicId, tag_ids: &[String]) -> Result<BatchResult, AppError> {
        let r: Option<BatchResult> = self.post(&format!("{ASSOCIATION}?~action=attach-multiple-tags-to-object"), Some(&json!({ "object_id": object, "tag_ids": tag_ids }))).await?;
        Ok(batch(r))
    }

    /// `POST …/tag-association?~action=detach-multiple-tags-from-object`
    pub async fn tags_detach_from_object(&self, object: &DynamicId, tag_ids: &[String]) -> Result<BatchResult, AppError> {
        let r: Option<BatchResult> = self.post(&format!("{ASSOCIATION}?~action=detach-multiple-tags-from-object"), Some(&json!({ "object_id": object, "tag_ids": tag_ids }))).await?;
        Ok(batch(r))
    }

    /// `POST …/tag-association/id:{tag}?~action=list-attached-objects`
    pub async fn tag_attached_objects(&self, tag_id: &str) -> Result<Vec<DynamicId>, AppError> {
        self.post(&format!("{ASSOCIATION}/id:{tag_id}?~action=list-attached-objects"), Some(&json!({}))).await
    }

    /// `POST …/tag-association?~action=list-attached-objects-on-tags`
    pub async fn tags_attached_objects(&self, tag_ids: &[String]) -> Result<Vec<TagToObjects>, AppError> {
        self.post(&format!("{ASSOCIATION}?~action=list-attached-objects-on-tags"), Some(&json!({ "tag_ids": tag_ids }))).await
    }

    /// `POST …/tag-association?~action=list-attached-tags`
    pub async fn object_attached_tags(&self, object: &DynamicId) -> Result<Vec<String>, AppError> {
        self.post(&format!("{ASSOCIATION}?~action=list-attached-tags"), Some(&json!({ "object_id": object }))).await
    }

    /// `POST …/tag-association?~action=list-attached-tags-on-objects`: one call for a whole list.
    pub async fn objects_attached_tags(&self, objects: &[DynamicId]) -> Result<Vec<ObjectToTags>, AppError> {
        if objects.is_empty() {
            return Ok(Vec::new());
        }
        self.post(&format!("{ASSOCIATION}?~action=list-attached-tags-on-objects"), Some(&json!({ "object_ids": objects }))).await
    }

    /// `POST …/tag-association?~action=list-attachable-tags`: the tags this object may take (associable type
    /// and cardinality respected).
    pub async fn object_attachable_tags(&self, object: &DynamicId) -> Result<Vec<String>, AppError> {
        self.post(&format!("{ASSOCIATION}?~action=list-attachable-tags"), Some(&json!({ "object_id": object }))).await
    }
}
