-- A chat that moves to a new id (a Telegram group become a supergroup)
-- takes its reports' scope along; the count follows the update. Counts that
-- earlier moves left behind are made again.
CREATE TRIGGER report_scopes_moved AFTER UPDATE OF scope ON report_scopes BEGIN
    UPDATE scope_counts SET n = n - 1 WHERE scope = OLD.scope;
    INSERT INTO scope_counts (scope, n) VALUES (NEW.scope, 1)
        ON CONFLICT (scope) DO UPDATE SET n = n + 1;
END;
DELETE FROM scope_counts;
INSERT INTO scope_counts (scope, n) SELECT scope, COUNT(*) FROM report_scopes GROUP BY scope;
