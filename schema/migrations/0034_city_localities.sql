-- Towns and districts a citizen names instead of the city (issue 15: "a gazetteer of
-- cities, wilayats and districts from the directory"): "حماسة" is in Al Buraimi. Read by
-- the router when the complaint's city field is empty; [] for every city until edited.
ALTER TABLE "cities" ADD COLUMN "localities" jsonb DEFAULT '[]'::jsonb NOT NULL;
