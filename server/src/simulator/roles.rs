//! Who may do what in the simulated vCenter (placeholder, filled in below).

/// The message id of the endpoint's privilege refusal.
pub const UNAUTHORIZED_ID: &str = "vapi.security.authorization.invalid";
