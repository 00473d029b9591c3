//! `appliance/monitoring` server functions (to be written).
