"""Knead's integration flow, through the Python client generated from the OpenAPI spec.

With an API key (read-write; clinical scope is not needed) it:

1. reads the change feed to its end and keeps the cursor: the point to mirror from;
2. creates a client (with an Idempotency-Key, and checks that a retry replays the answer);
3. finds a weekly slot free for six weeks with a therapist (availability, then a preview of
   the series) and books the series;
4. follows the change feed from the kept cursor until the new client, the series and each of
   its bookings have appeared, as a mirror would;
5. lists the client's bookings and checks them against the preview.

Any mismatch ends it with a message and exit status 1.

    KNEAD_URL=http://127.0.0.1:8080 KNEAD_API_KEY=kk1_... python sync_demo.py

The client it imports is generated, not committed: see docs/integrators.md.
"""

from __future__ import annotations

import datetime as dt
import os
import sys
import time
import uuid
from collections.abc import Iterator
from typing import TypeVar
from zoneinfo import ZoneInfo

from knead_api_client import AuthenticatedClient
from knead_api_client.api.booking_series import create_booking_series, preview_booking_series
from knead_api_client.api.bookings import get_availability, list_bookings
from knead_api_client.api.changes import list_changes
from knead_api_client.api.clients import create_client, get_client
from knead_api_client.api.practice import get_practice
from knead_api_client.api.services import list_services
from knead_api_client.api.staff import list_staff
from knead_api_client.models import (
    ChangeKind,
    NewClient,
    NewSeries,
    ChangeView,
    Problem,
    ResourceType,
    Role,
)
from knead_api_client.types import Response, Unset

WEEKS = 6
PAGE = 200
# How long the feed may lag behind our writes: a change appears once every transaction that
# began writing before it has ended, in the whole PostgreSQL cluster.
FEED_PATIENCE = dt.timedelta(seconds=60)
MIRRORED = [ResourceType.CLIENT, ResourceType.BOOKING, ResourceType.BOOKING_SERIES]
WEEKDAYS = ["MO", "TU", "WE", "TH", "FR", "SA", "SU"]

T = TypeVar("T")


class Mismatch(Exception):
    """The API answered something this flow does not accept."""


def expect(response: Response[T | Problem] | Response[T], status: int, what: str) -> T:
    """The parsed body of an answer with `status`; otherwise the problem+json, as a Mismatch."""
    if response.status_code != status:
        problem = response.parsed
        if isinstance(problem, Problem):
            errors = [] if isinstance(problem.errors, Unset) else problem.errors
            fields = "; ".join(f"{e.pointer or e.parameter}: {e.message}" for e in errors)
            raise Mismatch(
                f"{what}: {response.status_code} {problem.type_} {problem.title}"
                f" {problem.detail or ''} {fields}".rstrip()
            )
        raise Mismatch(f"{what}: {response.status_code} {response.content[:500]!r}")
    parsed = response.parsed
    if parsed is None or isinstance(parsed, Problem):
        raise Mismatch(f"{what}: {status} without the documented body")
    return parsed  # type: ignore[return-value]


def check(condition: bool, message: str) -> None:
    if not condition:
        raise Mismatch(message)


def cursor_of(page_cursor: str | None | Unset) -> str | None:
    return None if isinstance(page_cursor, Unset) else page_cursor


def feed_pages(api: AuthenticatedClient, since: str | None) -> Iterator[tuple[list[ChangeView], str | None]]:
    """Pages of the feed of MIRRORED types after `since`, up to now; each with where to go on."""
    types = ",".join(t.value for t in MIRRORED)
    while True:
        kwargs = {} if since is None else {"since": since}
        page = expect(list_changes.sync_detailed(client=api, types=types, limit=PAGE, **kwargs), 200, "list_changes")
        since = cursor_of(page.next_cursor) or since
        yield page.items, since
        if len(page.items) < PAGE:
            return


def feed_end(api: AuthenticatedClient) -> str | None:
    """The cursor after the last change so far (None: the feed is empty)."""
    cursor = None
    for _, cursor in feed_pages(api, None):
        pass
    return cursor


def mirror(api: AuthenticatedClient, since: str | None, wanted: set[tuple[ResourceType, uuid.UUID]]) -> dict:
    """Follows the feed from `since` until every wanted resource has been seen; the changes."""
    deadline = dt.datetime.now() + FEED_PATIENCE
    seen: dict[tuple[ResourceType, uuid.UUID], list[ChangeView]] = {}
    cursors: set[str] = set()
    while True:
        for items, since in feed_pages(api, since):
            for item in items:
                check(item.cursor not in cursors, f"the feed delivered cursor {item.cursor} twice")
                cursors.add(item.cursor)
                check(item.resource_type in MIRRORED, f"types= was not honoured: {item.resource_type}")
                seen.setdefault((item.resource_type, item.resource_id), []).append(item)
        missing = wanted - seen.keys()
        if not missing:
            return seen
        if dt.datetime.now() > deadline:
            names = ", ".join(f"{t.value} {i}" for t, i in sorted(missing, key=str))
            raise Mismatch(f"not in the change feed after {FEED_PATIENCE.seconds} s: {names}")
        time.sleep(0.5)


def weekly_slot(api: AuthenticatedClient, zone: ZoneInfo, client_id: uuid.UUID) -> tuple[NewSeries, list]:
    """A weekly series for the new client that books WEEKS occurrences with nothing in the way."""
    therapists = [
        s for s in expect(list_staff.sync_detailed(client=api), 200, "list_staff").items
        if s.role == Role.THERAPIST and s.active
    ]
    services = [s for s in expect(list_services.sync_detailed(client=api), 200, "list_services") if s.active]
    check(bool(therapists) and bool(services), "the practice needs an active therapist and service")
    service = min(services, key=lambda s: s.duration_minutes)
    start = dt.datetime.now(dt.UTC).replace(microsecond=0) + dt.timedelta(days=1)
    tried = 0
    for therapist in therapists:
        free = expect(
            get_availability.sync_detailed(
                client=api, service_id=service.id, therapist_id=therapist.id,
                from_=start, to=start + dt.timedelta(days=7), step_minutes=60,
            ),
            200, "get_availability",
        )
        for slot in free.slots:
            local = slot.starts_at.astimezone(zone).replace(tzinfo=None)
            series = NewSeries(
                client_id=client_id, therapist_id=therapist.id, service_id=service.id,
                first_start=local.isoformat(timespec="seconds"),
                rrule=f"FREQ=WEEKLY;COUNT={WEEKS};BYDAY={WEEKDAYS[local.weekday()]}",
            )
            preview = expect(preview_booking_series.sync_detailed(client=api, body=series), 200, "preview")
            occurrences = preview.occurrences
            check(len(occurrences) == WEEKS, f"preview of COUNT={WEEKS} has {len(occurrences)} occurrences")
            if all(not o.clashes and not o.unavailable for o in occurrences):
                return series, occurrences
            tried += 1
            if tried >= 40:
                break
    raise Mismatch(f"no weekly slot free for {WEEKS} weeks among {tried} previewed")


def run(url: str, key: str) -> None:
    api = AuthenticatedClient(base_url=url, token=key, raise_on_unexpected_status=True)
    with api:
        start = feed_end(api)
        print(f"feed: starting after cursor {start}")

        practice = expect(get_practice.sync_detailed(client=api), 200, "get_practice")
        zone = ZoneInfo(practice.time_zone)

        tag = uuid.uuid4().hex[:8]
        new = NewClient(given_name="Sync", family_name=f"Demo {tag}", email=f"sync-{tag}@example.com")
        key_for_client = f"sync-demo-client-{tag}"
        first = create_client.sync_detailed(client=api, body=new, idempotency_key=key_for_client)
        created = expect(first, 201, "create_client")
        limit = first.headers.get("RateLimit-Limit")
        check(limit is not None and int(limit) > 0, "an API key's answer carries RateLimit-Limit")
        again = create_client.sync_detailed(client=api, body=new, idempotency_key=key_for_client)
        replayed = expect(again, 201, "create_client retried")
        check(again.headers.get("Idempotent-Replayed") == "true", "a retry with the same Idempotency-Key replays")
        check(replayed.id == created.id, f"the retry made another client ({replayed.id}, not {created.id})")
        print(f"client: created {created.id} ({created.given_name} {created.family_name}); retry replayed")

        series, occurrences = weekly_slot(api, zone, created.id)
        print(f"series: previewed {series.rrule} from {series.first_start}: all {WEEKS} free")
        written = expect(
            create_booking_series.sync_detailed(client=api, body=series, idempotency_key=f"sync-demo-series-{tag}"),
            201, "create_booking_series",
        )
        check(written.booked == WEEKS, f"the series booked {written.booked}, not {WEEKS}")
        check(not written.skipped, f"the series skipped {len(written.skipped)} occurrence(s)")
        print(f"series: booked {written.booked} as {written.series.id}")

        bookings = expect(
            list_bookings.sync_detailed(client=api, client_id=created.id, limit=50), 200, "list_bookings"
        ).items
        check(len(bookings) == WEEKS, f"the client has {len(bookings)} bookings, not {WEEKS}")
        check(
            all(b.series_id == written.series.id for b in bookings),
            "a booking of the new client is not an occurrence of its series",
        )
        check(
            sorted(b.starts_at for b in bookings) == [o.starts_at for o in occurrences],
            "the bookings are not the occurrences the preview showed",
        )
        print(f"bookings: {len(bookings)} for the client, at the previewed times")

        wanted = {(ResourceType.CLIENT, created.id), (ResourceType.BOOKING_SERIES, written.series.id)}
        wanted |= {(ResourceType.BOOKING, b.id) for b in bookings}
        seen = mirror(api, start, wanted)
        client_changes = seen[(ResourceType.CLIENT, created.id)]
        check(len(client_changes) == 1, f"the new client has {len(client_changes)} changes, not 1")
        check(client_changes[0].change == ChangeKind.UPSERT, "the new client's change is not an upsert")
        current = get_client.sync_detailed(created.id, client=api)
        expect(current, 200, "get_client")
        check(
            current.headers.get("ETag") == f'"v{client_changes[0].version}"',
            f"the feed's version {client_changes[0].version} is not the client's ETag {current.headers.get('ETag')}",
        )
        for b in bookings:
            kinds = [c.change for c in seen[(ResourceType.BOOKING, b.id)]]
            check(kinds == [ChangeKind.UPSERT], f"booking {b.id} appeared as {kinds}, not one upsert")
        ours = {k for k in seen if k in wanted}
        print(f"feed: the client, the series and its {len(bookings)} bookings appeared ({len(ours)} resources)")


def main() -> int:
    url = os.environ.get("KNEAD_URL", "http://127.0.0.1:8080")
    key = os.environ.get("KNEAD_API_KEY")
    if not key:
        print("sync_demo: set KNEAD_API_KEY to an API key (kk1_...)", file=sys.stderr)
        return 2
    try:
        run(url, key)
    except Mismatch as e:
        print(f"sync_demo: FAILED: {e}", file=sys.stderr)
        return 1
    print("sync_demo: passed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
