package definitions

import (
	"strings"
	"unicode/utf8"

	"github.com/tramontane/tramontane/engine/exc"
	"github.com/tramontane/tramontane/engine/lang"
)

// Validator returns the expression validator definitions are checked with,
// for callers that only validate (the REST validate endpoints).
func (s *Service) Validator() lang.Validator { return s.validator }

// checkName refuses a definition name with a space in it: Mistral's
// workflow, workbook and action models reject such a name when it is set,
// before the row is written. It also refuses a name longer than its
// column, which Mistral only finds when MySQL fails the insert (500).
func checkName(name string) error {
	if strings.Contains(name, " ") {
		return exc.New(exc.InvalidModel, "Name '%s' must not contain spaces", name)
	}
	if utf8.RuneCountInString(name) > maxNameLength {
		return exc.New(exc.InvalidModel, "Name '%s' must not exceed %d characters", name, maxNameLength)
	}
	return nil
}

// maxNameLength is the size of the name and namespace columns of the
// definition tables (VARCHAR(255), in characters).
const maxNameLength = 255

// checkNamespace refuses a namespace longer than its column, which Mistral
// only finds when MySQL fails the insert (500).
func checkNamespace(namespace string) error {
	if utf8.RuneCountInString(namespace) > maxNameLength {
		return exc.New(exc.InvalidModel, "Namespace '%s' must not exceed %d characters", namespace, maxNameLength)
	}
	return nil
}
