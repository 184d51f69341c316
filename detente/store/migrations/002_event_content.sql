-- What an event is about: the content of an agreement, demand, promise or refusal
-- ("to swap 1,000 prisoners of war each"), used to state commitments.
ALTER TABLE events ADD COLUMN content TEXT;
