package sqlitedriver_test

import (
	"database/sql"
	"path/filepath"
	"testing"

	"github.com/tramontane/tramontane/db/sqlitedriver"
)

// TestCollationKey: texts equal under utf8mb4_general_ci share a key.
func TestCollationKey(t *testing.T) {
	tests := []struct{ a, b string }{
		{"café", "CAFE"},
		{"a", "a  "},
		{"Ærø", "ærø"},
		{"straße", "STRASE"},
		{"😀", "🙂"},
		{"ÀÉÎÕÜÇÑ", "aeioucn"},
	}
	for _, tc := range tests {
		if ka, kb := sqlitedriver.CollationKey(tc.a), sqlitedriver.CollationKey(tc.b); ka != kb || !sqlitedriver.Equal(tc.a, tc.b) {
			t.Errorf("key(%q) = %q, key(%q) = %q; want equal", tc.a, ka, tc.b, kb)
		}
	}
	differ := []struct{ a, b string }{{"a", " a"}, {"ab", "a_b"}, {"cafe", "cafd"}, {"a\t", "a"},
		{"Йод", "иод"}, {"ƀ", "Ƀ"}, {";", "\u037e"}, {"Æ", "AE"}}
	for _, tc := range differ {
		if sqlitedriver.CollationKey(tc.a) == sqlitedriver.CollationKey(tc.b) || sqlitedriver.Equal(tc.a, tc.b) {
			t.Errorf("key(%q) = key(%q); want different", tc.a, tc.b)
		}
	}
	if got := sqlitedriver.Fold("café 50%_ "); got != "CAFE 50%_ " {
		t.Errorf("Fold = %q, want spaces and LIKE wildcards kept", got)
	}
}

// TestCollationFunctions: every connection of this build's driver has the
// collation functions, NULL in NULL out.
func TestCollationFunctions(t *testing.T) {
	pool, err := sql.Open(sqlitedriver.DriverName, sqlitedriver.DSN(filepath.Join(t.TempDir(), "c.db")))
	if err != nil {
		t.Fatal(err)
	}
	defer pool.Close()
	var key, fold string
	var null sql.NullString
	err = pool.QueryRow("SELECT "+sqlitedriver.KeyFunc+"(?), "+sqlitedriver.FoldFunc+"(?), "+sqlitedriver.KeyFunc+"(NULL)",
		"Café  ", "é ").Scan(&key, &fold, &null)
	if err != nil {
		t.Fatal(err)
	}
	if key != "CAFE" || fold != "E " || null.Valid {
		t.Fatalf("key %q, fold %q, null %v", key, fold, null)
	}
}
