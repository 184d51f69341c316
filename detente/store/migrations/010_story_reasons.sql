-- Why each mention is in its story: the mention it was linked to, the score and the reasons
-- ("same participants (Joe Biden, Vladimir Putin), same day, similar wording 0.83"); and when
-- the story was first and last reported (article dates, beside the event days).
ALTER TABLE story_mentions ADD COLUMN joined_via TEXT;
ALTER TABLE story_mentions ADD COLUMN score REAL;
ALTER TABLE story_mentions ADD COLUMN reason TEXT;
ALTER TABLE stories ADD COLUMN first_report TEXT;
ALTER TABLE stories ADD COLUMN last_report TEXT;
