//! Reading a served iCalendar feed back, independently of the code that wrote it: the
//! `icalendar` crate's parser for the text, the `rrule` crate for recurrence (DTSTART with its
//! TZID, RRULE, EXDATE), chrono-tz for wall-clock times, and RECURRENCE-ID overrides applied
//! by hand. Every VEVENT becomes the instances a calendar app would show.

use chrono::{DateTime, NaiveDateTime, TimeDelta, Utc};
use std::collections::{BTreeMap, BTreeSet};

/// A content line, unfolded, with its parameters; TEXT values unescaped.
#[derive(Debug, Clone)]
pub struct Line {
    pub name: String,
    pub params: Vec<(String, String)>,
    pub value: String,
}

impl Line {
    pub fn param(&self, key: &str) -> Option<&str> {
        self.params.iter().find(|(k, _)| k == key).map(|(_, v)| v.as_str())
    }
}

/// A component (VCALENDAR, VTIMEZONE, VEVENT, …) as parsed.
#[derive(Debug, Clone)]
pub struct Block {
    pub name: String,
    pub lines: Vec<Line>,
    pub children: Vec<Block>,
}

impl Block {
    pub fn all(&self, name: &str) -> Vec<&Line> {
        self.lines.iter().filter(|l| l.name == name).collect()
    }

    pub fn one(&self, name: &str) -> Option<&Line> {
        let found = self.all(name);
        assert!(
            found.len() <= 1,
            "{name} appears {} times in {}",
            found.len(),
            self.name
        );
        found.into_iter().next()
    }

    pub fn value(&self, name: &str) -> Option<&str> {
        self.one(name).map(|l| l.value.as_str())
    }

    pub fn children(&self, name: &str) -> Vec<&Block> {
        self.children.iter().filter(|c| c.name == name).collect()
    }
}

fn lines(properties: Vec<icalendar::parser::Property<'_>>) -> Vec<Line> {
    properties
        .into_iter()
        .map(|p| {
            let name = p.name.as_str().to_owned();
            let text = matches!(name.as_str(), "SUMMARY" | "LOCATION" | "X-WR-CALNAME" | "UID");
            let value = if text {
                p.val.clone().unescape_text().as_str().to_owned()
            } else {
                p.val.as_str().to_owned()
            };
            let params = p
                .params
                .iter()
                .map(|param| {
                    let value = param.val.as_ref().map(|v| v.as_str()).unwrap_or_default();
                    (param.key.as_str().to_owned(), value.to_owned())
                })
                .collect();
            Line { name, params, value }
        })
        .collect()
}

fn block(component: icalendar::parser::Component<'_>) -> Block {
    Block {
        name: component.name.as_str().to_owned(),
        lines: lines(component.properties),
        children: component.components.into_iter().map(block).collect(),
    }
}

/// Parses a whole VCALENDAR; panics on anything the parser refuses.
pub fn read(text: &str) -> Block {
    assert!(text.ends_with("\r\n"), "lines end in CRLF");
    let unfolded = icalendar::parser::unfold(text);
    let calendar = icalendar::parser::read_calendar(&unfolded).unwrap_or_else(|e| panic!("not iCalendar: {e}"));
    Block {
        name: "VCALENDAR".into(),
        lines: lines(calendar.properties),
        children: calendar.components.into_iter().map(block).collect(),
    }
}

/// One event as a calendar app shows it.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Instance {
    pub start: DateTime<Utc>,
    pub end: DateTime<Utc>,
    pub uid: String,
}

/// A DATE-TIME: UTC with `Z`, else wall-clock time in its TZID (a repeated hour read as its
/// first instance, a skipped one moved forward by the gap, as RFC 5545 says).
pub fn instant(line: &Line) -> DateTime<Utc> {
    if let Some(utc) = line.value.strip_suffix('Z') {
        return NaiveDateTime::parse_from_str(utc, "%Y%m%dT%H%M%S")
            .expect("a UTC date-time")
            .and_utc();
    }
    let zone: chrono_tz::Tz = line
        .param("TZID")
        .unwrap_or_else(|| panic!("{} without TZID or Z", line.name))
        .parse()
        .expect("an IANA TZID");
    let local = NaiveDateTime::parse_from_str(&line.value, "%Y%m%dT%H%M%S").expect("a local date-time");
    // A skipped local time (an override's RECURRENCE-ID can name one) moves forward by the
    // gap, as RFC 5545 says: the rule the domain's resolve_local implements.
    knead_domain::recurrence::resolve_local(zone, local)
}

/// `PT90M`, `PT1H30M`, `PT5400S`, `P1D`: the exact durations a booking can have.
pub fn duration(text: &str) -> TimeDelta {
    let body = text.strip_prefix('P').expect("a duration");
    let (mut total, mut number) = (TimeDelta::zero(), String::new());
    for c in body.chars() {
        match c {
            '0'..='9' => number.push(c),
            'T' => {}
            unit => {
                let n: i64 = number.parse().expect("a number");
                number.clear();
                total += match unit {
                    'W' => TimeDelta::weeks(n),
                    'D' => TimeDelta::days(n),
                    'H' => TimeDelta::hours(n),
                    'M' => TimeDelta::minutes(n),
                    'S' => TimeDelta::seconds(n),
                    other => panic!("unit {other} in {text}"),
                };
            }
        }
    }
    total
}

fn span(event: &Block) -> (DateTime<Utc>, DateTime<Utc>) {
    let start = instant(event.one("DTSTART").expect("DTSTART"));
    let end = match (event.one("DTEND"), event.value("DURATION")) {
        (Some(end), None) => instant(end),
        (None, Some(length)) => start + duration(length),
        other => panic!("an event needs DTEND or DURATION, not both: {other:?}"),
    };
    (start, end)
}

/// The starts a recurring event's rule gives, EXDATEs removed, before `until`.
fn rule_starts(event: &Block, until: DateTime<Utc>) -> Vec<DateTime<Utc>> {
    let raw_line = |line: &Line| {
        let params: String = line.params.iter().map(|(k, v)| format!(";{k}={v}")).collect();
        format!("{}{params}:{}", line.name, line.value)
    };
    let mut text = raw_line(event.one("DTSTART").expect("DTSTART"));
    text.push_str(&format!("\nRRULE:{}", event.value("RRULE").expect("RRULE")));
    for exdate in event.all("EXDATE") {
        text.push('\n');
        text.push_str(&raw_line(exdate));
    }
    let set: rrule::RRuleSet = text.parse().unwrap_or_else(|e| panic!("rrule refused {text:?}: {e}"));
    set.into_iter()
        .map(|at| at.with_timezone(&Utc))
        .take_while(|at| *at < until)
        .collect()
}

/// Every instance of the calendar's events that starts before `until`: singles as they are,
/// recurring events expanded with their overrides applied. Panics on an override whose
/// RECURRENCE-ID is not an occurrence its rule still has.
pub fn instances(calendar: &Block, until: DateTime<Utc>) -> BTreeSet<Instance> {
    let events = calendar.children("VEVENT");
    let mut overrides: BTreeMap<(String, DateTime<Utc>), Instance> = BTreeMap::new();
    let mut found = BTreeSet::new();
    for event in events.iter().filter(|e| e.one("RECURRENCE-ID").is_some()) {
        let uid = event.value("UID").expect("UID").to_owned();
        let recurrence_id = instant(event.one("RECURRENCE-ID").expect("RECURRENCE-ID"));
        let (start, end) = span(event);
        overrides.insert((uid.clone(), recurrence_id), Instance { start, end, uid });
    }
    for event in events.iter().filter(|e| e.one("RECURRENCE-ID").is_none()) {
        let uid = event.value("UID").expect("UID").to_owned();
        let (start, end) = span(event);
        if event.one("RRULE").is_none() {
            found.insert(Instance { start, end, uid });
            continue;
        }
        for at in rule_starts(event, until) {
            match overrides.remove(&(uid.clone(), at)) {
                Some(moved) => found.insert(moved),
                None => found.insert(Instance {
                    start: at,
                    end: at + (end - start),
                    uid: uid.clone(),
                }),
            };
        }
    }
    let stray: Vec<_> = overrides.keys().filter(|(_, at)| *at < until).collect();
    assert!(stray.is_empty(), "overrides of no occurrence: {stray:?}");
    found
}
