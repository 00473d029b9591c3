//! `appliance/monitoring` calls (to be written).
