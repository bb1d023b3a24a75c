package lang

import (
	"strconv"
	"strings"

	"github.com/tramontane/tramontane/engine/data"
	"github.com/tramontane/tramontane/engine/exc"
)

// The inline-parameter syntax of `action`, `workflow`, `base`, one-line
// `retry` and engine commands: "std.echo output='x' delay=1". Mistral parses
// it with two regular expressions; the quirks (unquoted words dropped, a
// list value running to the last "]" of the line) are part of the language.
var (
	cmdPattern   = pyRegexp(`^([\w\.]+[^=\(\s\"]*|<%.*?%>|{{.*}}|{%.*%})`)
	paramPattern = pyRegexp(`([-_\w]+)=("[^"]*"\s*|'[^']*'\s*|({{(.*?)}})|<%.*?%>|\[.*\]\s*|true|false|null|\d+)`)
	// withItemsPattern is matched at the start of each with-items entry only.
	withItemsPattern = pyRegexp(`^\s*([\w\d_\-]+)\s*in\s*(\[.+\]|({{(.*?)}})|<%.*?%>)`)
)

// ParseInline splits a command string into its name and inline parameters.
// A string without a space is only a name. Parameters come back in the order
// they appear (nil when there are none); quoted values lose their quotes,
// other values are JSON-decoded when they can be.
func ParseInline(s string) (string, *data.Map, error) {
	if !strings.Contains(s, " ") {
		return s, nil, nil
	}
	name := cmdPattern.FindString(s)
	if name == "" {
		return "", nil, exc.New(exc.InvalidModel, "Invalid action/workflow task property: %s", s)
	}
	var params *data.Map
	for _, m := range paramPattern.FindAllStringSubmatch(s, -1) {
		if params == nil {
			params = data.NewMap(2)
		}
		params.Set(m[1], inlineValue(m[2]))
	}
	return name, params, nil
}

func inlineValue(raw string) any {
	v := strings.TrimSpace(raw)
	if v == "" {
		return v
	}
	switch {
	case v[0] == '"' || v[0] == '\'':
		return v[1 : len(v)-1]
	case v == "true":
		return true
	case v == "false":
		return false
	case v == "null":
		return nil
	case v[0] >= '1' && v[0] <= '9' || v == "0":
		// \d+ as JSON: no leading zeros.
		if n, err := strconv.ParseInt(v, 10, 64); err == nil {
			return n
		}
	case v[0] != '[':
		return v // digits with a leading zero: not JSON
	}
	if parsed, err := data.ParseString(v); err == nil {
		return parsed
	}
	return v
}
