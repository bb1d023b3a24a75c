package schema

// migrationsTable records which Tramontane migrations have been applied. It
// is created before any of them and is not itself a migration.
var migrationsTable = table{
	name: "tramontane_migrations",
	columns: []column{
		{name: "id", typ: varchar(64), notNull: notNull},
		{name: "applied_at", typ: dateTimeFrac(6), notNull: notNull},
	},
	primaryKey: cols("id"),
}

// migration is one step of Tramontane's own schema history. It creates its
// tables, then runs its statements for the dialect at hand. Every step must
// be safe to run again after a crash half-way (MySQL DDL is not
// transactional): CREATE ... IF NOT EXISTS, INSERT ... ignoring duplicates.
// Steps only ever add tramontane_* tables or columns; Mistral's tables are
// never altered.
type migration struct {
	id         string
	tables     []table
	statements map[string][]string // dialect -> statements run after tables
}

// tramontaneMigrations is the ordered history. Append only; never edit or
// reorder an entry that has shipped.
var tramontaneMigrations = []migration{
	{
		// Durable RPC sends, written in the transaction that decides them and
		// cleared once delivered; a sweeper re-sends rows whose claim ran out.
		// call_kind is "cast" or "call"; args is the JSON message body.
		id: "0001_outbox",
		tables: []table{{
			name: "tramontane_outbox",
			columns: []column{
				{name: "id", typ: bigInt, notNull: notNull, autoIncrement: true},
				{name: "created_at", typ: dateTimeFrac(6), notNull: notNull},
				{name: "exchange", typ: varchar(255)},
				{name: "topic", typ: varchar(255), notNull: notNull},
				{name: "server", typ: varchar(255)},
				{name: "method", typ: varchar(255), notNull: notNull},
				{name: "args", typ: longText, notNull: notNull},
				{name: "call_kind", typ: varchar(16), notNull: notNull},
				{name: "claimed_by", typ: varchar(255)},
				{name: "claimed_until", typ: dateTimeFrac(6)},
				{name: "attempts", typ: integer, notNull: notNull, def: "0"},
			},
			primaryKey: cols("id"),
			indexes: []index{
				key("tramontane_outbox_claimed_until", "claimed_until"),
			},
		}},
	},
	{
		// Durable delays (retry delay, wait-before/after, timeouts): a row per
		// pending wake-up, claimed by one engine when due. ref_id is the
		// execution the timer belongs to, so that it can be cancelled.
		id: "0002_timers",
		tables: []table{{
			name: "tramontane_timers",
			columns: []column{
				{name: "id", typ: bigInt, notNull: notNull, autoIncrement: true},
				{name: "created_at", typ: dateTimeFrac(6), notNull: notNull},
				{name: "due_at", typ: dateTimeFrac(6), notNull: notNull},
				{name: "kind", typ: varchar(64), notNull: notNull},
				{name: "ref_id", typ: varchar(36), notNull: notNull},
				{name: "payload", typ: longText},
				{name: "claimed_by", typ: varchar(255)},
				{name: "claimed_until", typ: dateTimeFrac(6)},
			},
			primaryKey: cols("id"),
			indexes: []index{
				key("tramontane_timers_due_at", "due_at"),
				key("tramontane_timers_ref_id", "ref_id"),
			},
		}},
	},
	{
		// Maintenance mode (GET/PUT /v2/maintenance): a single row, id 1,
		// whose status is RUNNING, PAUSING, PAUSED or RESUMING.
		id: "0003_maintenance",
		tables: []table{{
			name: "tramontane_maintenance",
			columns: []column{
				{name: "id", typ: integer, notNull: notNull},
				{name: "status", typ: varchar(32), notNull: notNull},
				{name: "updated_at", typ: dateTimeFrac(6), notNull: notNull},
			},
			primaryKey: cols("id"),
		}},
		statements: map[string][]string{
			MySQL: {"INSERT IGNORE INTO `tramontane_maintenance` (`id`, `status`, `updated_at`) " +
				"VALUES (1, 'RUNNING', UTC_TIMESTAMP(6))"},
			SQLite: {`INSERT OR IGNORE INTO "tramontane_maintenance" ("id", "status", "updated_at") ` +
				`VALUES (1, 'RUNNING', strftime('%Y-%m-%d %H:%M:%f', 'now'))`},
		},
	},
	{
		// Service registry: each running Tramontane process (api, engine,
		// executor, notifier) heartbeats its row.
		id: "0004_services",
		tables: []table{{
			name: "tramontane_services",
			columns: []column{
				{name: "id", typ: varchar(64), notNull: notNull},
				{name: "name", typ: varchar(255), notNull: notNull},
				{name: "type", typ: varchar(64), notNull: notNull},
				{name: "host", typ: varchar(255), notNull: notNull},
				{name: "heartbeat_at", typ: dateTimeFrac(6), notNull: notNull},
			},
			primaryKey: cols("id"),
			indexes: []index{
				key("tramontane_services_type_heartbeat_at", "type", "heartbeat_at"),
			},
		}},
	},
	{
		// The executions that maintenance mode paused, so that leaving it
		// resumes those and never one a user paused. state is PAUSING until
		// the engine has paused the execution, then PAUSED.
		id: "0005_maintenance_paused",
		tables: []table{{
			name: "tramontane_maintenance_paused",
			columns: []column{
				{name: "execution_id", typ: varchar(36), notNull: notNull},
				{name: "state", typ: varchar(32), notNull: notNull},
				{name: "created_at", typ: dateTimeFrac(6), notNull: notNull},
			},
			primaryKey: cols("execution_id"),
		}},
	},
}

// MigrationIDs returns the ids of Tramontane's own migrations, in the order
// Upgrade applies them.
func MigrationIDs() []string {
	ids := make([]string, len(tramontaneMigrations))
	for i, m := range tramontaneMigrations {
		ids[i] = m.id
	}
	return ids
}
