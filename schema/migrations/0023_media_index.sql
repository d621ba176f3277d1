-- The national unit's media list (seed 002 §5.2, /national/media) reads only media
-- complaints, a small share of all: a partial index keeps each page from scanning the
-- whole complaints table at national scale.
CREATE INDEX IF NOT EXISTS "complaints_media_idx" ON "complaints" ("status", "closed_at") WHERE "channel" = 'media';
