//! `appliance/monitoring` in the simulator (to be written).

use crate::simulator::SimState;
use axum::Router;

#[derive(Default)]
pub struct State {}

pub fn routes() -> Router<SimState> {
    Router::new()
}
