//! `appliance/local-accounts` calls (to be written).
