//! Body regions for pain areas and techniques, grouped for a body map (front or back view),
//! and the sides a region can have.

use super::vocabulary;
use crate::Invalid;

vocabulary! {
    /// Which side of the body: `left`, `right` or `bilateral` where anatomy has sides,
    /// `midline` for regions on the body's centre line.
    Side {
        Left => ("left", "Left"),
        Right => ("right", "Right"),
        Bilateral => ("bilateral", "Both sides"),
        Midline => ("midline", "Midline"),
    }
}

vocabulary! {
    /// Where on a body map a region is drawn.
    BodyView {
        Front => ("front", "Front"),
        Back => ("back", "Back"),
    }
}

vocabulary! {
    /// A region of the body, from the feet up: the taxonomy runners' complaints use.
    BodyRegion {
        Toes => ("toes", "Toes"),
        Arch => ("arch", "Arch"),
        PlantarFascia => ("plantar_fascia", "Plantar fascia"),
        Heel => ("heel", "Heel"),
        Ankle => ("ankle", "Ankle"),
        AchillesTendon => ("achilles_tendon", "Achilles tendon"),
        Shin => ("shin", "Shin"),
        Calf => ("calf", "Calf"),
        Knee => ("knee", "Knee"),
        ItBand => ("it_band", "IT band"),
        Quadriceps => ("quadriceps", "Quadriceps"),
        Hamstrings => ("hamstrings", "Hamstrings"),
        Adductors => ("adductors", "Adductors"),
        HipFlexors => ("hip_flexors", "Hip flexors"),
        Hip => ("hip", "Hip"),
        Glutes => ("glutes", "Glutes"),
        Piriformis => ("piriformis", "Piriformis"),
        Abdomen => ("abdomen", "Abdomen"),
        LowerBack => ("lower_back", "Lower back"),
        UpperBack => ("upper_back", "Upper back"),
        Chest => ("chest", "Chest"),
        Shoulder => ("shoulder", "Shoulder"),
        Arm => ("arm", "Arm"),
        Neck => ("neck", "Neck"),
        Head => ("head", "Head"),
    }
}

impl BodyRegion {
    /// Whether the region exists on both sides of the body (so `left`/`right`/`bilateral`
    /// apply); otherwise it lies on the midline.
    pub fn has_sides(self) -> bool {
        !matches!(
            self,
            BodyRegion::LowerBack
                | BodyRegion::UpperBack
                | BodyRegion::Abdomen
                | BodyRegion::Chest
                | BodyRegion::Neck
                | BodyRegion::Head
        )
    }

    /// The body-map view the region is drawn on.
    pub fn view(self) -> BodyView {
        use BodyRegion::*;
        match self {
            Toes | Arch | Ankle | Shin | Knee | ItBand | Quadriceps | Adductors | HipFlexors | Hip | Abdomen
            | Chest | Shoulder | Arm | Head => BodyView::Front,
            PlantarFascia | Heel | AchillesTendon | Calf | Hamstrings | Glutes | Piriformis | LowerBack | UpperBack
            | Neck => BodyView::Back,
        }
    }

    /// The sides this region accepts.
    pub fn sides(self) -> &'static [Side] {
        if self.has_sides() {
            &[Side::Left, Side::Right, Side::Bilateral]
        } else {
            &[Side::Midline]
        }
    }

    /// Checks that `side` fits this region.
    pub fn check_side(self, side: Side) -> Result<(), Invalid> {
        if self.sides().contains(&side) {
            Ok(())
        } else if self.has_sides() {
            Err(Invalid::new(format!(
                "{} has sides: use left, right or bilateral",
                self.label()
            )))
        } else {
            Err(Invalid::new(format!(
                "{} lies on the midline: use midline",
                self.label()
            )))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sides_follow_anatomy() {
        assert!(BodyRegion::PlantarFascia.check_side(Side::Left).is_ok());
        assert!(BodyRegion::PlantarFascia.check_side(Side::Midline).is_err());
        assert!(BodyRegion::LowerBack.check_side(Side::Midline).is_ok());
        assert!(BodyRegion::LowerBack.check_side(Side::Left).is_err());
        for region in BodyRegion::ALL {
            assert_eq!(BodyRegion::parse(region.as_str()), Ok(*region));
            assert!(!region.sides().is_empty());
        }
    }
}
