//! `appliance/monitoring`: the metric catalogue and its time series.

use super::super::VcSession;
use crate::error::AppError;
use crate::vsphere::models::appliance::monitoring::{FunctionType, IntervalType, MonitoredItem, MonitoredItemData};
use crate::vsphere::rest::{encode_component, Query};

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

impl MonitoringQuery {
    /// The query string: `item.names.1=…&item.names.2=…&item.interval=…&item.function=…&item.start_time=…&item.end_time=…`.
    pub fn to_query(&self) -> Query {
        Query::new()
            .array("item.names", &self.names)
            .opt("item.interval", Some(&self.interval))
            .opt("item.function", Some(&self.function))
            .opt("item.start_time", Some(&self.start_time))
            .opt("item.end_time", Some(&self.end_time))
    }
}

impl VcSession {
    /// `GET /rest/appliance/monitoring`: every monitored item.
    pub async fn monitoring_list(&self) -> Result<Vec<MonitoredItem>, AppError> {
        self.get("/rest/appliance/monitoring", &Query::new()).await
    }

    /// `GET /rest/appliance/monitoring/{stat_id}`: one monitored item.
    pub async fn monitoring_get(&self, stat_id: &str) -> Result<MonitoredItem, AppError> {
        self.get(&format!("/rest/appliance/monitoring/{}", encode_component(stat_id)), &Query::new()).await
    }

    /// `GET /rest/appliance/monitoring/query`: one series per name, values as strings (empty where vCenter has
    /// no data).
    pub async fn monitoring_query(&self, q: &MonitoringQuery) -> Result<Vec<MonitoredItemData>, AppError> {
        self.get("/rest/appliance/monitoring/query", &q.to_query()).await
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_go_out_indexed() {
        let q = MonitoringQuery {
            names: vec!["cpu.util".into(), "mem.usage".into()],
            interval: IntervalType::Minutes5,
            function: FunctionType::Avg,
            start_time: "2026-11-28T10:00:00.000Z".into(),
            end_time: "2026-11-28T11:00:00.000Z".into(),
        };
        assert_eq!(
            q.to_query().encode(),
            "item.names.1=cpu.util&item.names.2=mem.usage&item.interval=MINUTES5&item.function=AVG\
             &item.start_time=2026-11-28T10%3A00%3A00.000Z&item.end_time=2026-11-28T11%3A00%3A00.000Z"
        );
    }
}
