"""Expands an iCalendar feed (stdin) with recurring_ical_events, the way common calendar
programs do, and prints each instance that starts in [FROM, TO) as a JSON line:
["uid", "start", "end"], both instants in UTC (RFC 3339). Used by tests/tests/feed_interop.rs."""

import json
import sys
from datetime import datetime, timezone

import icalendar
import recurring_ical_events


def utc(value):
    if not isinstance(value, datetime) or value.tzinfo is None:
        raise SystemExit(f"not a zoned date-time: {value!r}")
    return value.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def main():
    start, end = (datetime.fromisoformat(arg.replace("Z", "+00:00")) for arg in sys.argv[1:3])
    calendar = icalendar.Calendar.from_ical(sys.stdin.read())
    for event in recurring_ical_events.of(calendar).between(start, end):
        print(json.dumps([str(event["UID"]), utc(event.start), utc(event.end)]))


if __name__ == "__main__":
    main()
