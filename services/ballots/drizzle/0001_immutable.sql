-- The electorate snapshot and the audit log are append-only: the service has no update path for
-- them, and the database refuses one too (RULES.md §5: later roster edits never change an open
-- ballot; the audit log is append-only). Tampering needs a superuser disabling this trigger.
CREATE FUNCTION refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION '% is append-only', TG_TABLE_NAME USING ERRCODE = 'insufficient_privilege';
END;
$$;
--> statement-breakpoint
CREATE TRIGGER electorate_units_append_only BEFORE UPDATE OR DELETE ON electorate_units
  FOR EACH ROW EXECUTE FUNCTION refuse_change();
--> statement-breakpoint
CREATE TRIGGER electorate_holders_append_only BEFORE UPDATE OR DELETE ON electorate_holders
  FOR EACH ROW EXECUTE FUNCTION refuse_change();
--> statement-breakpoint
CREATE TRIGGER audit_entries_append_only BEFORE UPDATE OR DELETE ON audit_entries
  FOR EACH ROW EXECUTE FUNCTION refuse_change();
