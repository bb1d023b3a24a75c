package lang

import (
	"errors"
	"fmt"
	"io"
	"math"
	"regexp"
	"strconv"
	"strings"

	"gopkg.in/yaml.v3"

	"github.com/tramontane/tramontane/engine/data"
	"github.com/tramontane/tramontane/engine/exc"
)

// PyYAML's implicit resolvers for plain scalars (YAML 1.1). Mistral loads
// definitions with PyYAML's safe loader, so "yes" is true, "1e3" is a
// string, "010" is 8 and "1:30" is 90.
var (
	yamlBool  = regexp.MustCompile(`^(?:yes|Yes|YES|no|No|NO|true|True|TRUE|false|False|FALSE|on|On|ON|off|Off|OFF)$`)
	yamlFloat = regexp.MustCompile(`^(?:[-+]?(?:[0-9][0-9_]*)\.[0-9_]*(?:[eE][-+][0-9]+)?|\.[0-9][0-9_]*(?:[eE][-+][0-9]+)?|[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+\.[0-9_]*|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$`)
	yamlInt   = regexp.MustCompile(`^(?:[-+]?0b[0-1_]+|[-+]?0[0-7_]+|[-+]?(?:0|[1-9][0-9_]*)|[-+]?0x[0-9a-fA-F_]+|[-+]?[1-9][0-9_]*(?::[0-5]?[0-9])+)$`)
	yamlNull  = regexp.MustCompile(`^(?:~|null|Null|NULL|)$`)
)

// parseYAML loads a definition the way Mistral's parse_yaml does: a safe
// load where anchors and aliases are plain text, a single document, and an
// empty (or falsy) document read as an empty mapping.
func parseYAML(text string) (any, error) {
	dec := yaml.NewDecoder(strings.NewReader(text))
	var doc yaml.Node
	err := dec.Decode(&doc)
	if errors.Is(err, io.EOF) {
		return data.NewMap(0), nil
	}
	if err != nil {
		return nil, parseError(err)
	}
	var extra yaml.Node
	if err := dec.Decode(&extra); !errors.Is(err, io.EOF) {
		if err == nil {
			err = errors.New("expected a single document in the stream")
		}
		return nil, parseError(err)
	}
	v, err := nodeValue(&doc)
	if err != nil {
		return nil, parseError(err)
	}
	if !data.Truthy(v) {
		return data.NewMap(0), nil
	}
	return v, nil
}

func parseError(err error) error {
	msg := strings.TrimPrefix(err.Error(), "yaml: ")
	return exc.New(exc.DSLParsing, "Definition could not be parsed: %s\n", msg)
}

// nodeValue converts a yaml.v3 node into the data model.
func nodeValue(n *yaml.Node) (any, error) {
	switch n.Kind {
	case yaml.DocumentNode:
		if len(n.Content) == 0 {
			return nil, nil
		}
		return nodeValue(n.Content[0])
	case yaml.AliasNode:
		// Mistral's loader reads "*name" as plain text.
		return "*" + n.Value, nil
	case yaml.ScalarNode:
		v, err := scalarValue(n)
		if err != nil {
			return nil, err
		}
		if n.Anchor != "" {
			// Mistral's loader reads "&name value" as plain text too.
			return strings.TrimSpace("&" + n.Anchor + " " + data.Str(v)), nil
		}
		return v, nil
	case yaml.SequenceNode:
		l := make([]any, len(n.Content))
		for i, c := range n.Content {
			v, err := nodeValue(c)
			if err != nil {
				return nil, err
			}
			l[i] = v
		}
		return l, nil
	case yaml.MappingNode:
		m := data.NewMap(len(n.Content) / 2)
		for i := 0; i+1 < len(n.Content); i += 2 {
			k, err := keyString(n.Content[i])
			if err != nil {
				return nil, err
			}
			v, err := nodeValue(n.Content[i+1])
			if err != nil {
				return nil, err
			}
			m.Set(k, v) // a repeated key keeps its first position, last value wins
		}
		return m, nil
	}
	return nil, fmt.Errorf("line %d: unsupported YAML node", n.Line)
}

// keyString turns a mapping key into a string. Python keeps non-string keys
// (1, True, None) but they become JSON object keys as soon as the spec is
// stored, so they are read here as their JSON text.
func keyString(n *yaml.Node) (string, error) {
	if n.Kind != yaml.ScalarNode {
		return "", fmt.Errorf("line %d, column %d: found unhashable key", n.Line, n.Column)
	}
	v, err := scalarValue(n)
	if err != nil {
		return "", err
	}
	switch t := v.(type) {
	case string:
		return t, nil
	case nil:
		return "null", nil
	case bool:
		return strconv.FormatBool(t), nil
	case float64:
		return data.FloatRepr(t), nil
	}
	return data.Str(v), nil
}

func scalarValue(n *yaml.Node) (any, error) {
	if n.Style&yaml.TaggedStyle != 0 {
		return taggedScalar(n)
	}
	if n.Style&(yaml.DoubleQuotedStyle|yaml.SingleQuotedStyle|yaml.LiteralStyle|yaml.FoldedStyle) != 0 {
		return n.Value, nil
	}
	return resolvePlain(n.Value), nil
}

func taggedScalar(n *yaml.Node) (any, error) {
	switch n.Tag {
	case "!!str", "!":
		return n.Value, nil
	case "!!null":
		return nil, nil
	case "!!bool":
		if yamlBool.MatchString(n.Value) {
			return resolvePlain(n.Value), nil
		}
	case "!!int":
		if v, ok := yamlIntValue(n.Value); ok {
			return v, nil
		}
	case "!!float":
		if v, ok := yamlFloatValue(n.Value); ok {
			return v, nil
		}
		if v, ok := yamlIntValue(n.Value); ok {
			return toFloat(v), nil
		}
	default:
		return nil, fmt.Errorf("line %d, column %d: could not determine a constructor for the tag '%s'",
			n.Line, n.Column, n.Tag)
	}
	return nil, fmt.Errorf("line %d, column %d: invalid value %q for tag '%s'", n.Line, n.Column, n.Value, n.Tag)
}

// resolvePlain applies PyYAML's implicit resolvers to a plain scalar.
// Timestamps stay strings: Mistral could not store a date in a spec anyway.
func resolvePlain(s string) any {
	if s == "" {
		return nil
	}
	switch s[0] {
	case 'y', 'Y', 'n', 'N', 't', 'T', 'f', 'F', 'o', 'O':
		if yamlBool.MatchString(s) {
			switch strings.ToLower(s) {
			case "yes", "true", "on":
				return true
			}
			return false
		}
	}
	switch s[0] {
	case '-', '+', '.', '0', '1', '2', '3', '4', '5', '6', '7', '8', '9':
		if yamlFloat.MatchString(s) {
			if v, ok := yamlFloatValue(s); ok {
				return v
			}
		}
		if yamlInt.MatchString(s) {
			if v, ok := yamlIntValue(s); ok {
				return v
			}
		}
	}
	if yamlNull.MatchString(s) {
		return nil
	}
	return s
}

func toFloat(v any) float64 {
	switch t := v.(type) {
	case int64:
		return float64(t)
	case float64:
		return t
	}
	return 0
}

// yamlIntValue converts an int in any of YAML 1.1's notations. Values beyond
// int64 become floats.
func yamlIntValue(s string) (any, bool) {
	s = strings.ReplaceAll(s, "_", "")
	sign := int64(1)
	if s != "" && (s[0] == '-' || s[0] == '+') {
		if s[0] == '-' {
			sign = -1
		}
		s = s[1:]
	}
	if s == "" {
		return nil, false
	}
	if strings.Contains(s, ":") {
		var total int64
		for _, part := range strings.Split(s, ":") {
			d, err := strconv.ParseInt(part, 10, 64)
			if err != nil {
				return nil, false
			}
			total = total*60 + d
		}
		return sign * total, true
	}
	base := 10
	switch {
	case s == "0":
		return int64(0), true
	case strings.HasPrefix(s, "0b"):
		base, s = 2, s[2:]
	case strings.HasPrefix(s, "0x"):
		base, s = 16, s[2:]
	case s[0] == '0':
		base, s = 8, s[1:]
	}
	u, err := strconv.ParseUint(s, base, 64)
	if err != nil {
		f, ferr := strconv.ParseFloat(s, 64)
		if ferr != nil || base != 10 {
			return nil, false
		}
		return float64(sign) * f, true
	}
	if u > math.MaxInt64 {
		return float64(sign) * float64(u), true
	}
	return sign * int64(u), true
}

func yamlFloatValue(s string) (float64, bool) {
	s = strings.ToLower(strings.ReplaceAll(s, "_", ""))
	sign := 1.0
	if s != "" && (s[0] == '-' || s[0] == '+') {
		if s[0] == '-' {
			sign = -1
		}
		s = s[1:]
	}
	switch s {
	case ".inf":
		return sign * math.Inf(1), true
	case ".nan":
		return math.NaN(), true
	}
	if strings.Contains(s, ":") {
		parts := strings.Split(s, ":")
		var total float64
		for _, part := range parts {
			d, err := strconv.ParseFloat(part, 64)
			if err != nil {
				return 0, false
			}
			total = total*60 + d
		}
		return sign * total, true
	}
	if strings.HasSuffix(s, ".") {
		s += "0"
	}
	f, err := strconv.ParseFloat(s, 64)
	if err != nil {
		return 0, false
	}
	return sign * f, true
}
