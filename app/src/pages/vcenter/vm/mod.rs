//! `vcenter/vm/*`: what a VM's page shows of each area.
pub mod guest;
pub mod hardware;
pub mod power;
