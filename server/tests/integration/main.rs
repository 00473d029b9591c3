//! The server's integration tests, one binary (one link instead of one per file): the client against the
//! simulator, the console over HTTP, vcsim, TLS. Each module is one area or scenario.

mod common;
mod appliance_access;
mod appliance_local_accounts;
mod appliance_logging;
mod appliance_monitoring;
mod appliance_networking;
mod appliance_services;
mod appliance_shutdown;
mod appliance_storage;
mod appliance_time;
mod appliance_recovery;
mod appliance_update;
mod audit;
mod client_errors;
mod client_simulator;
mod console;
mod console_content;
mod console_tags;
mod coverage;
mod content_simulator;
mod deployment;
mod fault_drills;
mod hvc;
mod inventory_simulator;
mod inventory_management;
mod simulator_independence;
mod tagging_simulator;
mod team;
mod replicas;
mod roles;
mod tls;
mod vapi_metadata;
mod vcenters;
mod vcsim;
mod vm_devices;
