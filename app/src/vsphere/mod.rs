//! vSphere `/rest` models (generated from `app/api/operations.json`) and the wire rules they follow.

pub mod models;
pub mod inventory;
pub mod monitoring;
pub mod rest;

/// A health level as the console shows it. vCenter sends `green`, `yellow`, `orange`, `red`, `gray`;
/// anything else is kept and shown as is.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum HealthLevel {
    Green,
    Yellow,
    Orange,
    Red,
    Gray,
    Unknown(String),
}

impl From<&str> for HealthLevel {
    fn from(s: &str) -> Self {
        match s.to_ascii_lowercase().as_str() {
            "green" => Self::Green,
            "yellow" => Self::Yellow,
            "orange" => Self::Orange,
            "red" => Self::Red,
            "gray" | "grey" => Self::Gray,
            _ => Self::Unknown(s.to_string()),
        }
    }
}

impl HealthLevel {
    /// The word shown next to the colour: health is never colour alone.
    pub fn label(&self) -> String {
        match self {
            Self::Green => "Good".into(),
            Self::Yellow => "Warning".into(),
            Self::Orange => "Degraded".into(),
            Self::Red => "Critical".into(),
            Self::Gray => "Unknown".into(),
            Self::Unknown(s) => format!("Unrecognised ({s})"),
        }
    }

    /// How bad, for picking the worst: green 0 … red 3; gray and unknown values rank as a warning.
    pub fn severity(&self) -> u8 {
        match self {
            Self::Green => 0,
            Self::Yellow | Self::Gray | Self::Unknown(_) => 1,
            Self::Orange => 2,
            Self::Red => 3,
        }
    }
}
