//! Pages, one module per API area.
pub mod appliance;
pub mod audit;
pub mod content;
pub mod hvc;
pub mod inventory;
pub mod login;
pub mod tags;
pub mod team;
pub mod vapi;
pub mod vcenter;
