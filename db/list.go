package db

import (
	"errors"
	"fmt"
	"reflect"
	"strings"

	"gorm.io/gorm"
	"gorm.io/gorm/clause"
	"gorm.io/gorm/schema"

	"github.com/tramontane/tramontane/db/sqlitedriver"
	"github.com/tramontane/tramontane/engine/exc"
)

// Filter operators (Mistral's filter_utils).
const (
	OpEq  = "eq"
	OpNeq = "neq"
	OpGt  = "gt"
	OpGte = "gte"
	OpLt  = "lt"
	OpLte = "lte"
	OpIn  = "in"
	OpNin = "nin"
	OpHas = "has"
	// OpTags matches a tags column holding every one of the given tags
	// (Value is a []string).
	OpTags = "tags"
	// OpNull matches rows whose column is NULL (the executions "nulls"
	// parameter); Value is ignored.
	OpNull = "null"
)

// Filter is one condition of a list query: Column Op Value. Value is a
// scalar (string, bool, int64, time.Time) for the comparison operators and a
// []any for OpIn and OpNin.
type Filter struct {
	Column string
	Op     string
	Value  any
}

// ListQuery is a REST collection query: filters, sort order, marker
// pagination and project visibility, applied by List.
type ListQuery struct {
	Filters []Filter
	// SortKeys are column names; "id" is appended as the final tie-breaker
	// when absent. SortDirs holds "asc"/"desc" per key, padded with "asc".
	SortKeys []string
	SortDirs []string
	// Limit bounds the page; 0 means no limit.
	Limit int
	// Marker is the id of the last row of the previous page: the page holds
	// the rows after it in the sort order.
	Marker string
	// MarkerColumn is the column the marker is looked up by: "" for id.
	// (Mistral looks an environment's marker up by name.)
	MarkerColumn string
	// Viewer restricts rows to the viewer's project (unless AllProjects or
	// an empty Viewer.ProjectID); Public also lets rows with scope 'public'
	// through and SharedType the resources of that type shared with the
	// viewer's project (resource_members_v2, accepted).
	Viewer      Viewer
	AllProjects bool
	Public      bool
	SharedType  string
	// Omit names columns the caller does not need (the large spec and
	// context, or all it does not render): they are left empty in the
	// returned rows.
	Omit []string
}

// List runs q against the table of T and returns the matching rows. Every
// column q names must be a column of T: an unknown sort key is an
// InputException ("Sort key supplied is invalid: x"), an unknown filter
// column a DBError. An unknown marker is a DBEntityNotFoundError.
func List[T any](tx *Tx, q ListQuery) ([]*T, error) {
	var model T
	sch, err := parseModel(tx.gdb, &model)
	if err != nil {
		return nil, err
	}
	cols := columnSet(sch)
	keys, dirs, err := sortOrder(q.SortKeys, q.SortDirs, cols)
	if err != nil {
		return nil, err
	}
	db := tx.gdb.Model(&model)
	if q.Viewer.ProjectID != "" && !q.AllProjects {
		if q.Public {
			db = q.Viewer.visible(db, q.SharedType)
		} else {
			db = db.Where("project_id = ?", q.Viewer.ProjectID)
		}
	}
	for _, f := range q.Filters {
		if !cols[f.Column] {
			return nil, exc.New(exc.DBError, "Unknown filter column: %s", f.Column)
		}
		collate := noCollation
		if tx.Dialect() == SQLite && isText(sch, f.Column) {
			collate = keyedValue
			if collatedColumn(f.Column) {
				collate = keyedColumn
			}
		}
		if db, err = applyFilter(db, f, collate); err != nil {
			return nil, err
		}
	}
	sortBy := sortExpressions(tx, sch, keys)
	if q.Marker != "" {
		cond, err := afterMarker(tx.gdb, &model, q.Marker, q.MarkerColumn, keys, sortBy, dirs)
		if err != nil {
			return nil, err
		}
		db = db.Where(cond)
	}
	for i, by := range sortBy {
		db = db.Order(clause.OrderByColumn{Column: clause.Column{Name: by.column, Raw: true}, Desc: dirs[i] == "desc"})
	}
	if q.Limit > 0 {
		db = db.Limit(q.Limit)
	}
	if len(q.Omit) > 0 {
		db = db.Omit(q.Omit...)
	}
	var out []*T
	if err := db.Find(&out).Error; err != nil {
		return nil, fmt.Errorf("list %s: %w", typeName(&model), err)
	}
	return out, nil
}

// Columns returns the column names of T's table, for callers that check
// user-supplied names before querying.
func Columns[T any](tx *Tx) (map[string]bool, error) {
	var model T
	return columnsOf(tx.gdb, &model)
}

func columnsOf(gdb *gorm.DB, model any) (map[string]bool, error) {
	sch, err := parseModel(gdb, model)
	if err != nil {
		return nil, err
	}
	return columnSet(sch), nil
}

// parseModel is gorm's schema of model (cached by gorm).
func parseModel(gdb *gorm.DB, model any) (*schema.Schema, error) {
	stmt := &gorm.Statement{DB: gdb}
	if err := stmt.Parse(model); err != nil {
		return nil, fmt.Errorf("parse model %s: %w", typeName(model), err)
	}
	return stmt.Schema, nil
}

func columnSet(sch *schema.Schema) map[string]bool {
	cols := make(map[string]bool, len(sch.DBNames))
	for _, n := range sch.DBNames {
		cols[n] = true
	}
	return cols
}

// markerNotFound is Mistral's error for a marker that names no row: the
// message its lookup of that resource raises.
func markerNotFound(model any, marker string) error {
	switch model.(type) {
	case *WorkflowDefinition:
		return exc.NotFound("Workflow not found [workflow_id=%s]", marker)
	case *TaskExecution:
		return exc.NotFound("Task execution not found [id=%s]", marker)
	case *Environment:
		return exc.NotFound("Environment not found [name=%s]", marker)
	case *CronTrigger:
		return exc.NotFound("Cron trigger not found [identifier=%s]", marker)
	case *EventTrigger:
		return exc.NotFound("Event trigger not found [id=%s].", marker)
	}
	return exc.NotFound("%s not found [id=%s]", typeName(model), marker)
}

func typeName(model any) string {
	t := reflect.TypeOf(model)
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	return t.Name()
}

// sortExpr is what a sort key orders by, in SQL: the column, or a
// function of it (column), and the same of a value (value, a "?" inside).
type sortExpr struct{ column, value string }

// sortExpressions returns what each sort key orders by: its column; on
// SQLite, a text column's utf8mb4_general_ci key (collation.go). MySQL
// orders text by that collation, which compares letters as capitals
// without accents, so "ab" comes before "a_b" and "café" before "cafe2";
// SQLite's NOCASE compares them in small letters, which puts "_" (between
// the two) the other way round, and é after every ASCII letter. Ids, of
// ASCII letters, digits and "-" only, sort in capitals.
func sortExpressions(tx *Tx, sch *schema.Schema, keys []string) []sortExpr {
	out := make([]sortExpr, len(keys))
	for i, k := range keys {
		out[i] = sortExpr{column: tx.gdb.Statement.Quote(k), value: "?"}
		if tx.Dialect() != SQLite || !isText(sch, k) {
			continue
		}
		fn := "upper"
		if collatedColumn(k) {
			fn = sqlitedriver.KeyFunc
		}
		out[i] = sortExpr{column: fn + "(" + out[i].column + ")", value: fn + "(?)"}
	}
	return out
}

// isText says whether column is a text column of sch.
func isText(sch *schema.Schema, column string) bool {
	f := sch.LookUpField(column)
	return f != nil && f.DataType == schema.String
}

// sortOrder validates the sort keys and pads the directions, adding id as
// the final key as Mistral does.
func sortOrder(keys, dirs []string, cols map[string]bool) ([]string, []string, error) {
	if len(dirs) > len(keys) {
		return nil, nil, exc.InputErr("Length of sort_keys must be equal or greater than sort_dirs.")
	}
	outKeys := make([]string, 0, len(keys)+1)
	outDirs := make([]string, 0, len(keys)+1)
	for i, k := range keys {
		if !cols[k] {
			return nil, nil, exc.InputErr("Sort key supplied is invalid: %s", k)
		}
		d := "asc"
		if i < len(dirs) {
			d = dirs[i]
		}
		if d != "asc" && d != "desc" {
			return nil, nil, exc.InputErr("Unknown sort direction, must be 'desc' or 'asc'.")
		}
		outKeys = append(outKeys, k)
		outDirs = append(outDirs, d)
	}
	if !contains(outKeys, "id") {
		outKeys = append(outKeys, "id")
		outDirs = append(outDirs, "asc")
	}
	return outKeys, outDirs, nil
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// collation is how a filter on a text column of SQLite compares it as
// MySQL's utf8mb4_general_ci does (collation.go).
type collation int

const (
	// noCollation: the database compares (MySQL, or no text column).
	noCollation collation = iota
	// keyedValue: a column of ASCII values, in NOCASE, against the
	// value's key (its index kept).
	keyedValue
	// keyedColumn: the column's key against the value's.
	keyedColumn
)

// applyFilter adds f's condition to db, compared as collate says.
func applyFilter(db *gorm.DB, f Filter, collate collation) (*gorm.DB, error) {
	var col any = clause.Column{Name: f.Column}
	if collate != noCollation {
		col, f = collated(f, collate == keyedColumn)
	}
	switch f.Op {
	case OpEq:
		if f.Value == nil {
			return db.Where("? IS NULL", col), nil
		}
		return db.Where("? = ?", col, f.Value), nil
	case OpNeq:
		if f.Value == nil {
			return db.Where("? IS NOT NULL", col), nil
		}
		// As Mistral's column != value: SQL leaves NULL out.
		return db.Where("? <> ?", col, f.Value), nil
	case OpGt:
		return db.Where("? > ?", col, f.Value), nil
	case OpGte:
		return db.Where("? >= ?", col, f.Value), nil
	case OpLt:
		return db.Where("? < ?", col, f.Value), nil
	case OpLte:
		return db.Where("? <= ?", col, f.Value), nil
	case OpIn, OpNin:
		vals, ok := f.Value.([]any)
		if !ok {
			return nil, fmt.Errorf("filter %s %s: value is %T, not a list", f.Column, f.Op, f.Value)
		}
		if len(vals) == 0 {
			if f.Op == OpIn {
				return db.Where("1 = 0"), nil
			}
			return db, nil
		}
		if f.Op == OpIn {
			return db.Where("? IN ?", col, vals), nil
		}
		return db.Where("? NOT IN ?", col, vals), nil
	case OpHas:
		// As Mistral's column.like('%value%'): a % or _ in the value is a
		// wildcard, and a backslash, MySQL's escape character of LIKE,
		// makes the next character literal ("a\_b"); SQLite's LIKE has
		// none unless told.
		pattern := "%" + fmt.Sprint(f.Value) + "%"
		if collate != noCollation {
			return db.Where("? LIKE ? ESCAPE '\\'", col, pattern), nil
		}
		return db.Where("? LIKE ?", col, pattern), nil
	case OpTags:
		tags, ok := f.Value.([]string)
		if !ok {
			return nil, fmt.Errorf("filter %s: value is %T, not a tag list", f.Column, f.Value)
		}
		for _, t := range tags {
			// Tags are stored as a JSON list of strings: ["a", "b"].
			enc := JSONOf(t).Raw
			db = db.Where("? LIKE ? ESCAPE '!'", col, "%"+likeEscape(enc)+"%")
		}
		return db, nil
	case OpNull:
		return db.Where("? IS NULL", col), nil
	}
	return nil, exc.InputErr("Unknown filter operator: %s", f.Op)
}

// collated is f on a text column of SQLite as utf8mb4_general_ci reads
// it: the value's key compared with the column's (keyColumn), or with
// the column in NOCASE, which is as good for a column of ASCII values
// (its letters in either case, no trailing spaces); for LIKE (which MySQL
// does not pad with spaces), their folded letters. Tags, a JSON text,
// keep NOCASE's LIKE.
func collated(f Filter, keyColumn bool) (any, Filter) {
	col := clause.Column{Name: f.Column}
	if f.Op == OpTags {
		return col, f
	}
	fn, conv := sqlitedriver.KeyFunc, sqlitedriver.CollationKey
	if f.Op == OpHas {
		fn, conv = sqlitedriver.FoldFunc, sqlitedriver.Fold
	}
	switch v := f.Value.(type) {
	case string:
		f.Value = conv(v)
	case []any:
		vals := make([]any, len(v))
		for i, x := range v {
			if s, ok := x.(string); ok {
				x = conv(s)
			}
			vals[i] = x
		}
		f.Value = vals
	}
	if !keyColumn {
		return col, f
	}
	return clause.Expr{SQL: fn + "(?)", Vars: []any{col}}, f
}

// likeEscape neutralises LIKE wildcards in a user value, for LIKE ... ESCAPE
// '!' (an escape character that needs no quoting in MySQL or SQLite).
func likeEscape(s string) string {
	return likeEscaper.Replace(s)
}

var likeEscaper = strings.NewReplacer(`!`, `!!`, `%`, `!%`, `_`, `!_`)

// afterMarker builds the condition selecting the rows after the marker row
// as oslo.db's paginate_query does for Mistral: (k1 > v1) OR (k1 = v1 AND
// k2 > v2) OR ..., < for a descending key, where a key whose marker value
// is NULL is left out of every term: a row whose value is NULL never sorts
// after a value, and a NULL marker value orders nothing (the page then
// goes by the other keys).
func afterMarker(gdb *gorm.DB, model any, marker, column string, keys []string, sortBy []sortExpr, dirs []string) (clause.Expression, error) {
	row := map[string]any{}
	lookup := gdb.Model(model).Select(keys)
	if column == "" {
		// Ids are stored lower-case; MySQL, where Mistral looks a marker
		// up, compares them without case.
		lookup = lookup.Where("id = ?", strings.ToLower(marker))
	} else {
		lookup = lookup.Where(clause.Eq{Column: clause.Column{Name: column}, Value: marker})
	}
	err := lookup.Take(&row).Error
	if errors.Is(err, gorm.ErrRecordNotFound) {
		return nil, markerNotFound(model, marker)
	}
	if err != nil {
		return nil, fmt.Errorf("read marker %s: %w", marker, err)
	}
	var ors []clause.Expression
	var equal []clause.Expression
	for i, k := range keys {
		v := row[k]
		if v == nil {
			continue
		}
		by := sortBy[i] // the marker's value ordered as the column is
		after := clause.Expr{SQL: by.column + " > " + by.value, Vars: []any{v}}
		if dirs[i] == "desc" {
			after = clause.Expr{SQL: by.column + " < " + by.value, Vars: []any{v}}
		}
		term := append(append([]clause.Expression{}, equal...), after)
		ors = append(ors, clause.And(term...))
		equal = append(equal, clause.Expr{SQL: by.column + " = " + by.value, Vars: []any{v}})
	}
	return clause.Or(ors...), nil
}
