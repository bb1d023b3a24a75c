package db

import (
	"database/sql/driver"
	"fmt"

	"github.com/tramontane/tramontane/engine/data"
)

// JSON is a JSON text column (Mistral's JsonEncoded types). It keeps the
// stored text, which is in Python's json.dumps format as Mistral writes it,
// so that the REST layer can hand it out without decoding. The empty text
// stands for NULL.
type JSON struct {
	Raw string
}

// JSONOf encodes v in Python's json.dumps format.
func JSONOf(v any) JSON {
	s, err := data.EncodePython(v)
	if err != nil {
		// Values built by the engine are always encodable; a failure here
		// is a programming error, stored as null rather than lost silently.
		return JSON{Raw: "null"}
	}
	return JSON{Raw: s}
}

// IsNull reports whether the column is NULL.
func (j JSON) IsNull() bool { return j.Raw == "" }

// Decode parses the stored text; NULL decodes to nil.
func (j JSON) Decode() (any, error) {
	if j.Raw == "" {
		return nil, nil
	}
	v, err := data.ParseString(j.Raw)
	if err != nil {
		return nil, fmt.Errorf("decode JSON column: %w", err)
	}
	return v, nil
}

// Map decodes the column as a map; NULL, a non-map or undecodable text give
// an empty map, as Mistral's models default these columns to {}.
func (j JSON) Map() *data.Map {
	v, err := j.Decode()
	if m, ok := v.(*data.Map); ok && err == nil {
		return m
	}
	return data.NewMap(0)
}

// Scan implements sql.Scanner.
func (j *JSON) Scan(src any) error {
	switch t := src.(type) {
	case nil:
		j.Raw = ""
	case string:
		j.Raw = t
	case []byte:
		j.Raw = string(t)
	default:
		return fmt.Errorf("scan JSON column from %T", src)
	}
	return nil
}

// Value implements driver.Valuer.
func (j JSON) Value() (driver.Value, error) {
	if j.Raw == "" {
		return nil, nil
	}
	return j.Raw, nil
}

// StringList is a list of strings stored as JSON text (tags).
type StringList []string

// Scan implements sql.Scanner.
func (l *StringList) Scan(src any) error {
	var j JSON
	if err := j.Scan(src); err != nil {
		return err
	}
	v, err := j.Decode()
	if err != nil {
		return err
	}
	*l = nil
	if items, ok := v.([]any); ok {
		for _, it := range items {
			*l = append(*l, data.Str(it))
		}
	}
	return nil
}

// Value implements driver.Valuer; a nil list is stored as NULL.
func (l StringList) Value() (driver.Value, error) {
	if l == nil {
		return nil, nil
	}
	return JSONOf(data.Normalize([]string(l))).Raw, nil
}

// GormDataType tells GORM the column type of JSON.
func (JSON) GormDataType() string { return "text" }

// GormDataType tells GORM the column type of StringList.
func (StringList) GormDataType() string { return "text" }
