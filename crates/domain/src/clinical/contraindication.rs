//! Contraindications: conditions that change or forbid massage. Each has a severity and two
//! texts: the clinical label (the condition: therapists and owners only) and a neutral
//! handling instruction that the front desk may see.

use super::vocabulary;

vocabulary! {
    /// How strongly a condition limits treatment.
    Severity {
        /// No massage without clearance from a clinician.
        Avoid => ("avoid", "Avoid"),
        /// Adapt the treatment (e.g. no deep pressure).
        Caution => ("caution", "Caution"),
        /// Worth knowing; no change needed.
        Note => ("note", "Note"),
    }
}

vocabulary! {
    /// A condition that changes or forbids massage.
    Contraindication {
        DeepVeinThrombosis => ("deep_vein_thrombosis", "Deep vein thrombosis"),
        Anticoagulants => ("anticoagulants", "Takes anticoagulants"),
        RecentSurgery => ("recent_surgery", "Recent surgery"),
        Fever => ("fever", "Fever or acute infection"),
        Pregnancy => ("pregnancy", "Pregnancy"),
        Osteoporosis => ("osteoporosis", "Osteoporosis"),
        OpenWounds => ("open_wounds", "Open wounds or skin infection"),
        VaricoseVeins => ("varicose_veins", "Varicose veins"),
        DiabeticNeuropathy => ("diabetic_neuropathy", "Diabetes with neuropathy"),
        StressFracture => ("stress_fracture", "Suspected or known stress fracture"),
        RecentAcuteInjury => ("recent_acute_injury", "Acute injury in the last 72 hours"),
        HighBloodPressure => ("high_blood_pressure", "High blood pressure"),
        CorticosteroidInjection => ("corticosteroid_injection", "Corticosteroid injection in the last 2 weeks"),
    }
}

impl Contraindication {
    pub fn severity(self) -> Severity {
        use Contraindication::*;
        match self {
            DeepVeinThrombosis | Fever | StressFracture => Severity::Avoid,
            Anticoagulants
            | RecentSurgery
            | Pregnancy
            | Osteoporosis
            | OpenWounds
            | VaricoseVeins
            | DiabeticNeuropathy
            | RecentAcuteInjury
            | CorticosteroidInjection => Severity::Caution,
            HighBloodPressure => Severity::Note,
        }
    }

    /// The neutral instruction anyone handling the booking may read.
    pub fn handling(self) -> &'static str {
        use Contraindication::*;
        match self {
            DeepVeinThrombosis | Fever | StressFracture => "clearance required before treatment",
            Anticoagulants | Osteoporosis => "no deep pressure",
            RecentSurgery | RecentAcuteInjury | CorticosteroidInjection => {
                "avoid the affected area; check with the therapist"
            }
            Pregnancy => "adapted positioning; no deep pressure",
            OpenWounds => "avoid the affected area",
            VaricoseVeins => "no deep pressure on the legs",
            DiabeticNeuropathy => "light pressure on the feet and legs",
            HighBloodPressure => "check in with the therapist before the session",
        }
    }
}

/// What the front desk and calendars see of a contraindication: how much it matters and how to
/// handle it, never the condition itself.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, serde::Serialize, serde::Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct HandlingAlert {
    pub severity: Severity,
    /// A neutral instruction, e.g. "no deep pressure".
    pub handling: String,
}

/// The handling alerts for a set of contraindications, most severe first, without repeats.
pub fn handling_alerts(conditions: &[Contraindication]) -> Vec<HandlingAlert> {
    let mut alerts: Vec<HandlingAlert> = conditions
        .iter()
        .map(|c| HandlingAlert {
            severity: c.severity(),
            handling: c.handling().to_owned(),
        })
        .collect();
    alerts.sort();
    alerts.dedup();
    alerts
}
