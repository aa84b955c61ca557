#!/usr/bin/env python3
"""A pgbench script from the statements the API sent for one request (for bench/run).

Reads PostgreSQL's CSV log of one request (bench/run logs every statement while it sends
it), keeps the session of knead_app that ran the statement matching --session-with (the
request's own connection: the workers' polls run on others), and writes its statements in
order, their parameters pgbench variables holding the logged values (written to --vars as
`name=value` entries separated by NUL, for `pgbench -D`: pgbench would take a colon inside a
literal, as in a time, for a variable), except the values that must differ from one
transaction to the next for the replay to be the same work and not a conflict:

  * a uuid not named with --known whose first use is in an INSERT (the new row's id, and the
    ids of the rows written with it) becomes a uuid made of :replay_key, one per value;
  * text containing --marker (the idempotency key, a client's email) has the marker replaced
    by :replay_key;
  * a value given with --rotate (a therapist and their client) takes, transaction by
    transaction, the next of the values listed with it, so the replay spreads its rows as the
    API's requests did;
  * a timestamp within a day of --moving (a booking's start) moves with :replay_time (epoch
    seconds), keeping its distance to that start, alone or as a bound of a range.

The script sets replay_key at random and replay_time from replay_step (pass -D replay_step=0
-D replay_t0=<epoch> -D replay_clients=<clients>): each client's transactions take distinct
90-minute slots from replay_t0 on. Prints the statement count on stderr.
"""

import argparse
import csv
import datetime as dt
import re
import sys

csv.field_size_limit(sys.maxsize)
PARAM = re.compile(r"\$(\d+) = (NULL|'(?:[^']|'')*')")
PLACEHOLDER = re.compile(r"\$(\d+)\b")
UUID = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")
STAMP = re.compile(r"\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:[+-]\d{2}(?::?\d{2})?|Z)?")
# message: "duration: 0.051 ms  execute s12: SELECT ..." or "... statement: BEGIN"
LOGGED = re.compile(r"^duration: [0-9.]+ ms  (?:execute [^:]*|statement): (.*)$", re.S)


def parse_stamp(text):
    try:
        return dt.datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        return None


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("log")
    ap.add_argument("--session-with", required=True, help="a regex one statement of the request matches")
    ap.add_argument("--known", nargs="*", default=[], help="existing ids, kept as they are")
    ap.add_argument("--marker", default=None)
    ap.add_argument("--moving", default=None, help="a timestamp that moves with :replay_time")
    ap.add_argument("--rotate", action="append", default=[], help="value,alternative,...")
    ap.add_argument("--vars", required=True, help="where the variables go")
    args = ap.parse_args()

    with open(args.log, newline="") as f:
        rows = [r for r in csv.reader(f) if len(r) > 14 and r[1] == "knead_app"]
    statements = []  # (session, text, params)
    for r in rows:
        m = LOGGED.match(r[13])
        if not m:
            continue
        params = {int(n): (None if v == "NULL" else v[1:-1].replace("''", "'")) for n, v in PARAM.findall(r[14])}
        statements.append((r[5], m.group(1).strip().rstrip(";"), params))
    wanted = re.compile(args.session_with, re.I | re.S)
    sessions = {s for s, text, _ in statements if wanted.search(text)}
    if len(sessions) != 1:
        sys.exit(f"replay.py: {len(sessions)} sessions ran a statement matching {args.session_with!r}")
    session = sessions.pop()
    statements = [(text, params) for s, text, params in statements if s == session]

    known = {k.lower() for k in args.known}
    for group in args.rotate:
        known.update(group.split(","))
    moving = parse_stamp(args.moving) if args.moving else None
    new_ids = {}
    for text, params in statements:
        inserting = text.lstrip().upper().startswith(("INSERT", "WITH"))
        for value in params.values():
            if value and UUID.match(value) and value not in known and value not in new_ids:
                new_ids[value] = len(new_ids) + 1 if inserting else None
    new_ids = {k: v for k, v in new_ids.items() if v}
    variables = {}

    def variable(value):
        if value == "":  # pgbench -D refuses an empty value
            return "''"
        if value not in variables:
            variables[value] = f"replay_v{len(variables) + 1}"
        return ":" + variables[value]

    rotating = {}
    for group in args.rotate:
        values = group.split(",")
        cast = "::uuid" if UUID.match(values[0]) else ""
        rotating[values[0]] = "((ARRAY[" + ", ".join(variable(v) for v in values) + "])[:replay_pick])" + cast
        known.update(values)

    def moved(stamp_text):
        stamp = parse_stamp(stamp_text)
        if moving is None or stamp is None or stamp.tzinfo is None:
            return None
        delta = (stamp - moving).total_seconds()
        if abs(delta) > 86400:
            return None
        return f"(to_timestamp(:replay_time) + interval '{int(delta)} seconds')"

    def expression(value):
        if value is None:
            return "NULL"
        if value in rotating:
            return rotating[value]
        if value in new_ids:
            i = new_ids[value]
            return f"('{i:08x}-0000-4000-8000-' || lpad(to_hex(:replay_key::bigint), 12, '0'))::uuid"
        whole = STAMP.fullmatch(value)
        if whole and moved(value):
            return moved(value)
        pieces, last, changed = [], 0, False
        # Within a range only: elsewhere (a stored answer's JSON) the times are just data.
        for m in STAMP.finditer(value) if value[:1] in "[(" else ():
            shifted = moved(m.group(0))
            if shifted:
                pieces += [variable(value[last : m.start()]), f"{shifted}::text"]
                last, changed = m.end(), True
        if changed:
            pieces.append(variable(value[last:]))
            return "(" + " || ".join(pieces) + ")::tstzrange"
        # Not in JSON (a stored answer), whose type a concatenation would lose.
        if args.marker and args.marker in value and value[:1] not in "{[":
            parts = [variable(p) for p in value.split(args.marker)]
            return "(" + " || :replay_key::text || ".join(parts) + ")"
        return variable(value)

    print("\\set replay_key random(1, 281474976710655)")
    print("\\set replay_step :replay_step + 1")
    print("\\set replay_slot :replay_step * :replay_clients + :client_id")
    print("\\set replay_time :replay_t0 + :replay_slot * 5400")
    size = len(args.rotate[0].split(",")) if args.rotate else 1
    print(f"\\set replay_pick 1 + :replay_slot % {size}")
    for text, params in statements:
        missing = [int(n) for n in PLACEHOLDER.findall(text) if int(n) not in params]
        if missing:
            sys.exit(f"replay.py: no logged value for ${missing[0]} of: {text[:200]}")
        print(PLACEHOLDER.sub(lambda m: expression(params[int(m.group(1))]), text) + ";")
    with open(args.vars, "w") as f:
        f.write("".join(f"{name}={value}\0" for value, name in variables.items()))
    print(f"replay.py: {len(statements)} statements, {len(new_ids)} new ids", file=sys.stderr)


if __name__ == "__main__":
    main()
