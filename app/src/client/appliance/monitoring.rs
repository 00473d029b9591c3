//! `appliance/monitoring`: a query as one typed value (the page builds it from its form).

use super::super::VcSession;
use crate::error::AppError;
use crate::vsphere::models::appliance::monitoring::{FunctionType, IntervalType, MonitoredItemData};

/// What `query` asks for (`appliance.monitoring.monitored_item_data_request`, sent as `item.*` query
/// parameters). Times are UTC, written as vCenter writes them (`2018-05-01T10:00:00.000Z`).
#[derive(Clone, Debug, PartialEq)]
pub struct MonitoringQuery {
    pub names: Vec<String>,
    pub interval: IntervalType,
    pub function: FunctionType,
    pub start_time: String,
    pub end_time: String,
}

impl VcSession {
    /// One series per name, values as strings (empty where vCenter has no data).
    pub async fn monitoring_query(&self, q: &MonitoringQuery) -> Result<Vec<MonitoredItemData>, AppError> {
        self.appliance_monitoring_query(&q.names, q.interval.as_str(), q.function.as_str(), &q.start_time, &q.end_time).await
    }
}
