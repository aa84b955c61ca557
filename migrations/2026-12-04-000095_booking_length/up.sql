-- A booking lasts at most eight hours (the domain's SessionLength::MAX_MINUTES, which every
-- write already checks). Held here too, so a calendar read may bound a booking's start from
-- below (one running at `from` started after `from` minus eight hours) and scan the start
-- index from the week it shows.
ALTER TABLE bookings
    ADD CONSTRAINT bookings_length CHECK (ends_at - starts_at <= interval '480 minutes');
