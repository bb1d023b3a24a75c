package definitions

import "github.com/tramontane/tramontane/engine/lang"

// Validator returns the expression validator definitions are checked with,
// for callers that only validate (the REST validate endpoints).
func (s *Service) Validator() lang.Validator { return s.validator }
