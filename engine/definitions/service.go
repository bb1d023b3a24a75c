package definitions

import (
	"strings"

	"github.com/tramontane/tramontane/engine/exc"
	"github.com/tramontane/tramontane/engine/lang"
)

// Validator returns the expression validator definitions are checked with,
// for callers that only validate (the REST validate endpoints).
func (s *Service) Validator() lang.Validator { return s.validator }

// checkName refuses a definition name with a space in it: Mistral's
// workflow, workbook and action models reject such a name when it is set,
// before the row is written.
func checkName(name string) error {
	if strings.Contains(name, " ") {
		return exc.New(exc.InvalidModel, "Name '%s' must not contain spaces", name)
	}
	return nil
}
