//! What a circle of the region will be like before anything happens: its name, status,
//! governance, pace, and which auditor-worthy situations it will show. Derived from the
//! configuration and the circle's index only, never from the random stream, so that the
//! region's shape is easy to read (and to test) here.

use cercle_core::{CircleStatus, Threshold};
use chrono::{Days, NaiveDate};

use crate::names::CIRCLES;

/// How busy a circle is: more members, more proposals per meeting, more frequent meetings.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Pace {
    /// Members at the end of the founding.
    pub(crate) members_initial: usize,
    /// The circle stops recruiting beyond this many current members.
    pub(crate) members_max: usize,
    /// Spend lines proposed between two meetings (low, high).
    pub(crate) spends_per_cycle: (u64, u64),
    /// Days between two regulation meetings (low, high).
    pub(crate) gap_days: (u64, u64),
    /// What the soucieux keep available beyond pending spend lines, in cents.
    pub(crate) margin_cents: u64,
    /// The most proposals on one agenda.
    pub(crate) agenda_max: usize,
}

/// Below this many entries per circle, circles keep their natural pace.
const NATURAL_ENTRIES_MAX: u64 = 3_000;
/// Below this many, a lively pace; above, a busy one (so that a million entries span decades,
/// not millennia).
const LIVELY_ENTRIES_MAX: u64 = 50_000;

/// One circle's plan.
#[derive(Clone, Debug)]
pub(crate) struct Plan {
    pub(crate) index: usize,
    pub(crate) name: String,
    pub(crate) territory: String,
    pub(crate) slug: String,
    pub(crate) rencontres: String,
    /// Status at genesis.
    pub(crate) status: CircleStatus,
    /// The cycle at which an emerging circle becomes active, if it does.
    pub(crate) becomes_active: Option<u32>,
    pub(crate) threshold: Threshold,
    /// A small, young circle: one soucieux, smaller amounts, mostly the network's money.
    pub(crate) small: bool,
    /// Auditor-worthy: a spend line adopted early and never paid nor closed.
    pub(crate) stale_line: bool,
    /// Auditor-worthy: more than six months without a regulation meeting.
    pub(crate) long_gap: bool,
    /// Auditor-worthy: an adoption with exactly the quorum present.
    pub(crate) bare_quorum: bool,
    pub(crate) pace: Pace,
    /// Cycles (one regulation meeting each) of a natural run, without an entries target.
    pub(crate) natural_cycles: u32,
    pub(crate) founded: NaiveDate,
}

/// The day the first circle is founded (a Monday).
pub(crate) fn region_start() -> NaiveDate {
    NaiveDate::from_ymd_opt(2024, 1, 8).unwrap_or(NaiveDate::MIN)
}

impl Plan {
    /// The plan of circle `index` for a run aiming at `entries` entries (or a natural one).
    pub(crate) fn new(index: usize, entries: Option<u64>) -> Plan {
        let (name, territory, slug, rencontres) = match CIRCLES.get(index) {
            Some(c) => {
                (c.name.to_string(), c.territory.to_string(), c.slug.to_string(), c.rencontres.to_string())
            }
            None => {
                let number = index + 1;
                (
                    format!("Cercle {number}"),
                    format!("Hauts-de-France, territoire {number}"),
                    format!("cercle-{number}"),
                    format!("Rencontres des tiers-lieux du cercle {number}"),
                )
            }
        };
        let small = index == 3;
        // Somme stays emerging; every other circle past the first four alternates.
        let (status, becomes_active) = match index {
            0 | 1 => (CircleStatus::Active, None),
            2 => (CircleStatus::Emerging, Some(4)),
            3 => (CircleStatus::Emerging, None),
            i if i % 2 == 0 => (CircleStatus::Emerging, Some(6)),
            i if i % 4 == 1 => (CircleStatus::Emerging, None),
            _ => (CircleStatus::Active, None),
        };
        let threshold = if index % 4 == 1 { Threshold::TwoThirds } else { Threshold::Majority };
        let offset_days = u64::try_from(index).unwrap_or(0) * 11 + if small { 60 } else { 0 };
        let founded = region_start().checked_add_days(Days::new(offset_days)).unwrap_or(region_start());
        Plan {
            index,
            name,
            territory,
            slug,
            rencontres,
            status,
            becomes_active,
            threshold,
            small,
            stale_line: index.is_multiple_of(3),
            long_gap: index % 3 == 1,
            bare_quorum: index % 3 == 2,
            pace: pace(small, entries),
            natural_cycles: if small { 12 } else { 18 },
            founded,
        }
    }
}

fn pace(small: bool, entries: Option<u64>) -> Pace {
    let target = entries.unwrap_or(0);
    if target > LIVELY_ENTRIES_MAX {
        return Pace {
            members_initial: 30,
            members_max: 50,
            spends_per_cycle: (12, 18),
            gap_days: (7, 10),
            margin_cents: 800_000,
            agenda_max: 20,
        };
    }
    if target > NATURAL_ENTRIES_MAX {
        return Pace {
            members_initial: 12,
            members_max: 20,
            spends_per_cycle: (5, 8),
            gap_days: (14, 21),
            margin_cents: 400_000,
            agenda_max: 10,
        };
    }
    if small {
        return Pace {
            members_initial: 5,
            members_max: 8,
            spends_per_cycle: (1, 3),
            gap_days: (35, 49),
            margin_cents: 60_000,
            agenda_max: 6,
        };
    }
    Pace {
        members_initial: 9,
        members_max: 13,
        spends_per_cycle: (2, 5),
        gap_days: (21, 35),
        margin_cents: 150_000,
        agenda_max: 8,
    }
}
