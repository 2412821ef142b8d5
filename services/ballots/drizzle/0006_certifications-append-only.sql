-- Every certification of a result is kept as it was: a re-certification adds a version, never
-- rewrites one (refuse_change comes from 0001).
CREATE TRIGGER certifications_append_only BEFORE UPDATE OR DELETE ON certifications
  FOR EACH ROW EXECUTE FUNCTION refuse_change();
--> statement-breakpoint
CREATE TRIGGER served_notices_append_only BEFORE UPDATE OR DELETE ON served_notices
  FOR EACH ROW EXECUTE FUNCTION refuse_change();
