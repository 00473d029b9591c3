//! Pages, one module per API area.
pub mod appliance;
pub mod login;
