//! Names, partial postcodes and Ofsted URNs for synthetic records.
//!
//! Why: returns must carry plausible partial postcodes (postcode sectors such
//! as `TS1 2`) and URNs, and workers and children need names a demo reader can
//! tell apart. Everything here is fixed tables plus a deterministic draw.
//!
//! What it does not do: look postcodes up. The sectors below are real sector
//! codes for Teesside and a few other places, but no distances are derived;
//! councils other than the Tees valley ones borrow the Middlesbrough sectors
//! for their "home" area (documented in the crate docs).

use rand::Rng;
use rand::rngs::SmallRng;

use sightline_domain::LaNumber;

pub(crate) const FORENAMES_F: &[&str] = &[
    "Olivia",
    "Amelia",
    "Isla",
    "Ava",
    "Mia",
    "Ivy",
    "Lily",
    "Isabella",
    "Rosie",
    "Sophia",
    "Grace",
    "Freya",
    "Willow",
    "Emily",
    "Ella",
    "Poppy",
    "Evie",
    "Charlotte",
    "Chloe",
    "Ruby",
    "Jessica",
    "Daisy",
    "Sienna",
    "Millie",
    "Layla",
    "Ellie",
    "Hannah",
    "Megan",
    "Courtney",
    "Demi",
    "Leah",
    "Paige",
    "Amber",
    "Caitlin",
    "Aisha",
    "Zara",
    "Maryam",
    "Hafsa",
    "Amina",
    "Kayla",
    "Tia",
    "Summer",
    "Lacey",
    "Skye",
    "Holly",
    "Eva",
    "Macie",
    "Brooke",
    "Nevaeh",
    "Harper",
];

pub(crate) const FORENAMES_M: &[&str] = &[
    "Oliver",
    "George",
    "Noah",
    "Arthur",
    "Harry",
    "Leo",
    "Muhammad",
    "Jack",
    "Charlie",
    "Oscar",
    "Jacob",
    "Henry",
    "Thomas",
    "Freddie",
    "Alfie",
    "Theo",
    "William",
    "Theodore",
    "Archie",
    "Joshua",
    "Alexander",
    "James",
    "Isaac",
    "Edward",
    "Lucas",
    "Tommy",
    "Finley",
    "Max",
    "Logan",
    "Ethan",
    "Mason",
    "Tyler",
    "Kyle",
    "Connor",
    "Liam",
    "Callum",
    "Jayden",
    "Riley",
    "Kai",
    "Bailey",
    "Ayaan",
    "Ibrahim",
    "Yusuf",
    "Bilal",
    "Ryan",
    "Dylan",
    "Reece",
    "Jordan",
    "Lewis",
    "Jake",
];

pub(crate) const SURNAMES: &[&str] = &[
    "Smith",
    "Jones",
    "Taylor",
    "Brown",
    "Williams",
    "Wilson",
    "Johnson",
    "Davies",
    "Robinson",
    "Wright",
    "Thompson",
    "Evans",
    "Walker",
    "White",
    "Roberts",
    "Green",
    "Hall",
    "Wood",
    "Jackson",
    "Clarke",
    "Harrison",
    "Scott",
    "Young",
    "Turner",
    "Hill",
    "Moore",
    "Watson",
    "Cooper",
    "Atkinson",
    "Bell",
    "Dobson",
    "Hodgson",
    "Pearson",
    "Metcalfe",
    "Lister",
    "Richardson",
    "Dixon",
    "Stephenson",
    "Armstrong",
    "Carr",
    "Marshall",
    "Thornton",
    "Hughes",
    "Kelly",
    "Murphy",
    "Nolan",
    "Khan",
    "Hussain",
    "Ahmed",
    "Ali",
    "Iqbal",
    "Akhtar",
    "Mahmood",
    "Shah",
    "Nowak",
    "Kowalski",
    "Mensah",
    "Okafor",
    "Abdi",
    "Haile",
    "Rahimi",
    "Mohammadi",
    "Lee",
    "Chen",
    "Patel",
    "Singh",
    "Barker",
    "Chapman",
    "Fletcher",
    "Lambert",
    "Parker",
    "Simpson",
    "Stewart",
    "Sutherland",
    "Tate",
    "Weatherill",
    "Ward",
    "Holmes",
    "Lynch",
    "Maddison",
];

/// Home-area postcode sectors for a council, and the out-of-area sectors used
/// for placements elsewhere in England.
pub(crate) struct Places {
    pub home: Vec<&'static str>,
    pub away: Vec<&'static str>,
    /// The council's own fostering service URN.
    pub own_fostering_urn: String,
    /// The council's own (or hosted regional) adoption agency URN.
    pub own_adoption_urn: String,
    /// Children's homes: (URN, sector, own LA?).
    pub homes: Vec<(String, &'static str, bool)>,
    /// Supported accommodation providers (K3): (URN, sector).
    pub supported: Vec<(String, &'static str)>,
    /// Independent fostering agencies: URN.
    pub ifas: Vec<String>,
    /// Residential schools: (URN, sector).
    pub schools: Vec<(String, &'static str)>,
    /// Mother and baby units: (URN, sector).
    pub family_centres: Vec<(String, &'static str)>,
}

const MIDDLESBROUGH: &[&str] = &[
    "TS1 1", "TS1 2", "TS1 3", "TS1 4", "TS1 5", "TS2 1", "TS3 0", "TS3 6", "TS3 7", "TS3 8",
    "TS3 9", "TS4 1", "TS4 2", "TS4 3", "TS5 4", "TS5 5", "TS5 6", "TS5 7", "TS5 8", "TS7 0",
    "TS7 8", "TS7 9", "TS8 0", "TS8 9",
];
const STOCKTON: &[&str] = &[
    "TS17 0", "TS17 6", "TS17 7", "TS18 1", "TS18 2", "TS18 3", "TS18 4", "TS18 5", "TS19 0",
    "TS19 7", "TS19 8", "TS20 1", "TS20 2", "TS21 1", "TS16 0", "TS16 9",
];
const REDCAR: &[&str] = &[
    "TS6 0", "TS6 6", "TS6 7", "TS6 8", "TS6 9", "TS10 1", "TS10 2", "TS10 3", "TS10 4", "TS10 5",
    "TS11 6", "TS11 7", "TS12 1", "TS12 2", "TS13 4", "TS14 6",
];
const HARTLEPOOL: &[&str] = &[
    "TS24 0", "TS24 7", "TS24 8", "TS24 9", "TS25 1", "TS25 2", "TS25 3", "TS25 5", "TS26 0",
    "TS26 8", "TS26 9", "TS27 3",
];
const DARLINGTON: &[&str] = &[
    "DL1 1", "DL1 2", "DL1 3", "DL1 4", "DL1 5", "DL2 2", "DL3 0", "DL3 6", "DL3 7", "DL3 8",
    "DL3 9",
];
const ELSEWHERE: &[&str] = &[
    "DH1 1", "DH1 2", "DL14 6", "DL16 6", "NE1 1", "NE4 5", "NE6 1", "SR1 1", "SR4 6", "YO1 6",
    "YO10 3", "YO21 1", "LS1 1", "LS9 8", "BD1 1", "HU1 1", "M1 1", "S1 1", "DN1 1",
];

impl Places {
    pub(crate) fn for_la(la: LaNumber, rng: &mut SmallRng) -> Self {
        let (home, neighbours): (&[&str], Vec<&[&str]>) = match la.get() {
            806 => (
                MIDDLESBROUGH,
                vec![STOCKTON, REDCAR, HARTLEPOOL, DARLINGTON],
            ),
            808 => (
                STOCKTON,
                vec![MIDDLESBROUGH, REDCAR, HARTLEPOOL, DARLINGTON],
            ),
            807 => (
                REDCAR,
                vec![MIDDLESBROUGH, STOCKTON, HARTLEPOOL, DARLINGTON],
            ),
            805 => (
                HARTLEPOOL,
                vec![MIDDLESBROUGH, STOCKTON, REDCAR, DARLINGTON],
            ),
            841 => (
                DARLINGTON,
                vec![MIDDLESBROUGH, STOCKTON, REDCAR, HARTLEPOOL],
            ),
            _ => (
                MIDDLESBROUGH,
                vec![STOCKTON, REDCAR, HARTLEPOOL, DARLINGTON],
            ),
        };
        let mut away: Vec<&'static str> = neighbours.into_iter().flatten().copied().collect();
        away.extend_from_slice(ELSEWHERE);
        let mut urn_seq = 100_000 + u32::from(la.get()) * 100;
        let mut next_urn = |prefix: &str| {
            urn_seq += 1 + rng.gen_range(0..40);
            format!("{prefix}{urn_seq:06}")
        };
        let own_fostering_urn = next_urn("SC");
        let own_adoption_urn = next_urn("SC");
        let mut homes = Vec::new();
        for i in 0..8 {
            homes.push((next_urn("SC"), home[i % home.len()], true));
        }
        for i in 0..24 {
            homes.push((next_urn("SC"), away[(i * 7) % away.len()], false));
        }
        let supported = (0..10)
            .map(|i| {
                let sector = if i < 5 {
                    home[(i * 5 + 2) % home.len()]
                } else {
                    away[(i * 3) % away.len()]
                };
                (next_urn("2"), sector)
            })
            .collect();
        let ifas = (0..12).map(|_| next_urn("SC")).collect();
        let schools = (0..6)
            .map(|i| (next_urn("1"), away[(i * 11 + 3) % away.len()]))
            .collect();
        let family_centres = (0..2)
            .map(|i| (next_urn("SC"), away[(i * 13 + 1) % away.len()]))
            .collect();
        Self {
            home: home.to_vec(),
            away,
            own_fostering_urn,
            own_adoption_urn,
            homes,
            supported,
            ifas,
            schools,
            family_centres,
        }
    }

    pub(crate) fn home_sector(&self, rng: &mut SmallRng) -> &'static str {
        self.home[rng.gen_range(0..self.home.len())]
    }

    /// A sector for a placement: in area with probability `in_area`, never
    /// equal to `not` (rule 392d: HOME_POST must differ from PL_POST).
    pub(crate) fn placement_sector(
        &self,
        rng: &mut SmallRng,
        in_area: f64,
        not: Option<&str>,
    ) -> &'static str {
        for _ in 0..8 {
            let s = if rng.gen_bool(in_area) {
                self.home[rng.gen_range(0..self.home.len())]
            } else {
                self.away[rng.gen_range(0..self.away.len())]
            };
            if Some(s) != not {
                return s;
            }
        }
        self.away[0]
    }
}

pub(crate) fn pick<T: Copy>(rng: &mut SmallRng, items: &[T]) -> T {
    items[rng.gen_range(0..items.len())]
}

/// Draw from `(item, weight)` pairs.
pub(crate) fn weighted<T: Copy>(rng: &mut SmallRng, items: &[(T, u32)]) -> T {
    let total: u32 = items.iter().map(|(_, w)| *w).sum();
    let mut x = rng.gen_range(0..total.max(1));
    for (item, w) in items {
        if x < *w {
            return *item;
        }
        x -= *w;
    }
    items[items.len() - 1].0
}
