//! `cis/tagging`: what the generated `cis_tagging_*` calls leave to add: the four batch attach/detach calls
//! read vcsim's void answer as a batch without errors, and a list for no objects is not sent.

use super::super::VcSession;
use crate::error::AppError;
use crate::vsphere::models::cis::tagging::tag_association::{BatchResult, ObjectToTags};
use crate::vsphere::models::vapi::std::DynamicId;
use crate::vsphere::rest::encode_component;
use serde_json::json;

const ASSOCIATION: &str = "/rest/com/vmware/cis/tagging/tag-association";

/// A batch answer. vcsim answers `attach-tag-to-multiple-objects` with an empty body (void); read that as a
/// batch without errors. (The generated calls decode the API's `BatchResult`, which an empty body is not.)
fn batch(result: Option<BatchResult>) -> BatchResult {
    result.unwrap_or(BatchResult { success: true, error_messages: Vec::new() })
}

impl VcSession {
    /// `POST …/tag-association/id:{tag}?~action=attach-tag-to-multiple-objects`
    pub async fn tag_attach_to_objects(&self, tag_id: &str, objects: &[DynamicId]) -> Result<BatchResult, AppError> {
        let path = format!("{ASSOCIATION}/id:{}?~action=attach-tag-to-multiple-objects", encode_component(tag_id));
        Ok(batch(self.post(&path, Some(&json!({ "object_ids": objects }))).await?))
    }

    /// `POST …/tag-association/id:{tag}?~action=detach-tag-from-multiple-objects`
    pub async fn tag_detach_from_objects(&self, tag_id: &str, objects: &[DynamicId]) -> Result<BatchResult, AppError> {
        let path = format!("{ASSOCIATION}/id:{}?~action=detach-tag-from-multiple-objects", encode_component(tag_id));
        Ok(batch(self.post(&path, Some(&json!({ "object_ids": objects }))).await?))
    }

    /// `POST …/tag-association?~action=attach-multiple-tags-to-object`
    pub async fn tags_attach_to_object(&self, object: &DynamicId, tag_ids: &[String]) -> Result<BatchResult, AppError> {
        let path = format!("{ASSOCIATION}?~action=attach-multiple-tags-to-object");
        Ok(batch(self.post(&path, Some(&json!({ "object_id": object, "tag_ids": tag_ids }))).await?))
    }

    /// `POST …/tag-association?~action=detach-multiple-tags-from-object`
    pub async fn tags_detach_from_object(&self, object: &DynamicId, tag_ids: &[String]) -> Result<BatchResult, AppError> {
        let path = format!("{ASSOCIATION}?~action=detach-multiple-tags-from-object");
        Ok(batch(self.post(&path, Some(&json!({ "object_id": object, "tag_ids": tag_ids }))).await?))
    }

    /// The tags of each object, in one call for a whole list; nothing is sent for no objects.
    pub async fn objects_attached_tags(&self, objects: &[DynamicId]) -> Result<Vec<ObjectToTags>, AppError> {
        if objects.is_empty() {
            return Ok(Vec::new());
        }
        self.cis_tagging_tag_association_list_attached_tags_on_objects(objects).await
    }
}
