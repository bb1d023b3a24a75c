package schema

// The schema is described once, as data, and rendered for each dialect by
// ddl.go. Column, index and constraint names and their order are Mistral's.

// typeKind is a portable column type.
type typeKind int

const (
	kindVarchar typeKind = iota + 1
	kindChar
	kindText
	kindMediumText
	kindLongText
	kindDateTime
	kindBool
	kindInt
	kindBigInt
)

// colType is a column type with its length (VARCHAR, CHAR) or fractional
// second digits (DATETIME).
type colType struct {
	kind typeKind
	size int
}

// isString reports whether the column holds text, compared by the
// database's collation.
func (t colType) isString() bool {
	switch t.kind {
	case kindVarchar, kindChar, kindText, kindMediumText, kindLongText:
		return true
	}
	return false
}

func varchar(n int) colType      { return colType{kind: kindVarchar, size: n} }
func char(n int) colType         { return colType{kind: kindChar, size: n} }
func dateTimeFrac(n int) colType { return colType{kind: kindDateTime, size: n} }

var (
	text       = colType{kind: kindText}
	mediumText = colType{kind: kindMediumText}
	longText   = colType{kind: kindLongText}
	dateTime   = colType{kind: kindDateTime}
	boolean    = colType{kind: kindBool}
	integer    = colType{kind: kindInt}
	bigInt     = colType{kind: kindBigInt}
)

// Nullability of a column, spelled out in the table literals.
const (
	null    = false
	notNull = true
)

// column is one column. def is a literal SQL default valid in both dialects
// (empty: none). autoIncrement is only meaningful on a single-column
// BIGINT/INT primary key.
type column struct {
	name          string
	typ           colType
	notNull       bool
	def           string
	autoIncrement bool
}

// index is a secondary index or unique key.
type index struct {
	name    string
	unique  bool
	columns []string
}

// foreignKey is a FOREIGN KEY constraint; onDelete is "" or "CASCADE".
type foreignKey struct {
	name       string
	columns    []string
	refTable   string
	refColumns []string
	onDelete   string
}

type table struct {
	name        string
	columns     []column
	primaryKey  []string
	indexes     []index
	foreignKeys []foreignKey
}

func cols(names ...string) []string { return names }

func key(name string, columns ...string) index {
	return index{name: name, columns: columns}
}

func uniqueKey(name string, columns ...string) index {
	return index{name: name, unique: true, columns: columns}
}
