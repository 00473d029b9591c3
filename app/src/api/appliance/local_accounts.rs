//! `appliance/local-accounts` server functions (to be written).
