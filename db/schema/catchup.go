package schema

import (
	"context"
	"fmt"
	"log/slog"
)

// oldestUpgradable is the oldest Mistral revision Upgrade brings to head.
// 038 is Mistral 11 (Victoria); Mistral 12 to 14 stopped at 040 or 041.
// Older databases must first go through Mistral's own tool.
const oldestUpgradable = "038"

// mistralStep replays one of Mistral's own migrations, the revision it
// leads to being rev. Each step is safe to run again after a crash before
// its revision was recorded.
type mistralStep struct {
	rev   string
	apply func(ctx context.Context, s *session) error
}

// mistralSteps are Mistral's last migrations, in order, as the schema
// changes they make on MySQL and SQLite.
var mistralSteps = []mistralStep{
	{rev: "039", apply: func(ctx context.Context, s *session) error {
		// Definitions remember the workbook that created them.
		for _, t := range []string{"action_definitions_v2", "workflow_definitions_v2"} {
			if err := s.addColumn(ctx, t, column{name: "workbook_name", typ: varchar(255)}); err != nil {
				return err
			}
		}
		return nil
	}},
	{rev: "040", apply: func(ctx context.Context, s *session) error {
		// Dynamic actions and the code sources that define them.
		for _, name := range []string{"code_sources", "dynamic_action_definitions"} {
			if err := s.execAll(ctx, createTable(s.dialect, mistralTable(name))); err != nil {
				return err
			}
		}
		return nil
	}},
	{rev: "041", apply: func(ctx context.Context, s *session) error {
		// workflow_executions_v2.description becomes TEXT; SQLite stores
		// both types alike.
		if s.dialect != MySQL {
			return nil
		}
		return s.execAll(ctx, []string{"ALTER TABLE `workflow_executions_v2` MODIFY `description` TEXT NULL"})
	}},
}

func mistralTable(name string) table {
	for _, t := range mistralTables {
		if t.name == name {
			return t
		}
	}
	panic("schema: no Mistral table " + name)
}

// catchUp replays Mistral's migrations after rev, recording each revision
// as alembic would.
func (s *session) catchUp(ctx context.Context, rev string, log *slog.Logger) error {
	for _, step := range mistralSteps {
		if step.rev <= rev {
			continue
		}
		log.Info("upgrading Mistral schema", "from", rev, "to", step.rev)
		if err := step.apply(ctx, s); err != nil {
			return fmt.Errorf("upgrade Mistral schema %s -> %s: %w", rev, step.rev, err)
		}
		if err := s.setMistralRevision(ctx, step.rev); err != nil {
			return err
		}
		rev = step.rev
	}
	return nil
}

// addColumn appends c to table t unless t already has it.
func (s *session) addColumn(ctx context.Context, t string, c column) error {
	query := "SELECT COUNT(*) FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = ? AND COLUMN_NAME = ?"
	if s.dialect == SQLite {
		query = "SELECT COUNT(*) FROM pragma_table_info(?) WHERE name = ?"
	}
	var n int
	if err := s.conn.QueryRowContext(ctx, query, t, c.name).Scan(&n); err != nil {
		return fmt.Errorf("look for column %s.%s: %w", t, c.name, err)
	}
	if n > 0 {
		return nil
	}
	return s.execAll(ctx, []string{"ALTER TABLE " + quote(s.dialect, t) + " ADD COLUMN " + columnDef(s.dialect, c)})
}
