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

impl Side {
    /// Whether a pain score on side `pain` of a region measures a technique applied on this
    /// side of the same region — the outcome report's rule for pairing them:
    ///
    /// - the same side always pairs (left–left, right–right, bilateral–bilateral,
    ///   midline–midline);
    /// - a left or right technique pairs with `bilateral` pain: a bilateral score covers the
    ///   side treated, so leaving it out would drop real outcomes (deep tissue on the left
    ///   calf for calf pain scored on both sides);
    /// - a bilateral technique pairs with left or right pain: both sides were treated, the
    ///   scored one among them;
    /// - left and right never pair with each other, and `midline` only with `midline` (a
    ///   region has either sides or a midline, never both).
    ///
    /// A bilateral score paired with a one-sided technique measures more than that side; the
    /// report accepts that rather than hide the session.
    pub fn technique_reaches(self, pain: Side) -> bool {
        use Side::{Bilateral, Left, Right};
        self == pain || matches!((self, pain), (Left | Right, Bilateral) | (Bilateral, Left | Right))
    }

    /// Every (technique side, pain side) pair [`Side::technique_reaches`] accepts, for a
    /// query to match on: generated from the rule, so the report cannot drift from it.
    pub fn reaching_pairs() -> Vec<(Side, Side)> {
        Self::ALL
            .iter()
            .flat_map(|&technique| Self::ALL.iter().map(move |&pain| (technique, pain)))
            .filter(|&(technique, pain)| technique.technique_reaches(pain))
            .collect()
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

    /// Every pair of sides, by hand.
    #[test]
    fn technique_sides_reach_pain_sides() {
        use Side::{Bilateral as B, Left as L, Midline as M, Right as R};
        let table = [
            (L, L, true),
            (L, R, false),
            (L, B, true),
            (L, M, false),
            (R, L, false),
            (R, R, true),
            (R, B, true),
            (R, M, false),
            (B, L, true),
            (B, R, true),
            (B, B, true),
            (B, M, false),
            (M, L, false),
            (M, R, false),
            (M, B, false),
            (M, M, true),
        ];
        assert_eq!(table.len(), Side::ALL.len() * Side::ALL.len());
        for (technique, pain, reaches) in table {
            assert_eq!(technique.technique_reaches(pain), reaches, "{technique:?} → {pain:?}");
        }
        let pairs = Side::reaching_pairs();
        assert_eq!(pairs.len(), table.iter().filter(|(_, _, r)| *r).count());
        assert!(pairs.iter().all(|&(t, p)| t.technique_reaches(p)));
    }
}
