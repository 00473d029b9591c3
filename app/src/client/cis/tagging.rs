//! `cis/tagging`: what the generated `cis_tagging_*` calls leave to add: the four batch attach/detach calls
//! read vcsim's void answer as a batch without errors, and a list for no objects is not sent.

use super::super::VcSession;
use crate::error::AppError;
use crate::vsphere::models::cis::tagging::tag_association::{BatchResult, ObjectToTags};
use crate::vsphere::models::vapi::std::DynamicId;

/// A batch answer. vcsim answers the batch calls with an empty body (void); read that as a batch without
/// errors. (The generated calls decode the API's `BatchResult`, which an empty body — or a null `value` — is
/// not: that one decoding error is told apart from any other body that does not decode, which stays an error.)
fn batch(result: Result<BatchResult, AppError>) -> Result<BatchResult, AppError> {
    Ok(super::super::null_as_none(result)?.unwrap_or(BatchResult { success: true, error_messages: Vec::new() }))
}

impl VcSession {
    /// `POST …/tag-association/id:{tag}?~action=attach-tag-to-multiple-objects`
    pub async fn tag_attach_to_objects(&self, tag_id: &str, objects: &[DynamicId]) -> Result<BatchResult, AppError> {
        batch(self.cis_tagging_tag_association_attach_tag_to_multiple_objects(tag_id, objects).await)
    }

    /// `POST …/tag-association/id:{tag}?~action=detach-tag-from-multiple-objects`
    pub async fn tag_detach_from_objects(&self, tag_id: &str, objects: &[DynamicId]) -> Result<BatchResult, AppError> {
        batch(self.cis_tagging_tag_association_detach_tag_from_multiple_objects(tag_id, objects).await)
    }

    /// `POST …/tag-association?~action=attach-multiple-tags-to-object`
    pub async fn tags_attach_to_object(&self, object: &DynamicId, tag_ids: &[String]) -> Result<BatchResult, AppError> {
        batch(self.cis_tagging_tag_association_attach_multiple_tags_to_object(object, tag_ids).await)
    }

    /// `POST …/tag-association?~action=detach-multiple-tags-from-object`
    pub async fn tags_detach_from_object(&self, object: &DynamicId, tag_ids: &[String]) -> Result<BatchResult, AppError> {
        batch(self.cis_tagging_tag_association_detach_multiple_tags_from_object(object, tag_ids).await)
    }

    /// The tags of each object, in one call for a whole list; nothing is sent for no objects.
    pub async fn objects_attached_tags(&self, objects: &[DynamicId]) -> Result<Vec<ObjectToTags>, AppError> {
        if objects.is_empty() {
            return Ok(Vec::new());
        }
        self.cis_tagging_tag_association_list_attached_tags_on_objects(objects).await
    }
}
