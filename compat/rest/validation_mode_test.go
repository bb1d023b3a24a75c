package rest_test

import (
	"net/http"
	"testing"

	"github.com/tramontane/tramontane/compat/rest"
)

// TestValidationMode checks [api] validation_mode: mandatory (the
// default) checks every workflow and workbook definition, enabled lets
// ?skip_validation skip the DSL's checks, disabled never checks. YAML
// syntax is refused in every mode, as by Mistral's parser.
func TestValidationMode(t *testing.T) {
	const (
		unknownProperty = "version: '2.0'\nvm_wf:\n  tasks:\n    t:\n      action: std.noop\n      colour: red\n"
		badYAML         = "version: '2.0'\nvm_wf: [unclosed\n"
		workbook        = "version: '2.0'\nname: vm_wb\nworkflows:\n  w:\n    tasks:\n      t:\n        action: std.noop\n        colour: red\n"
	)
	tests := []struct {
		mode, path, body string
		status           int
	}{
		{"", "/v2/workflows?skip_validation", unknownProperty, http.StatusBadRequest},
		{"mandatory", "/v2/workflows?skip_validation", unknownProperty, http.StatusBadRequest},
		{"enabled", "/v2/workflows", unknownProperty, http.StatusBadRequest},
		{"enabled", "/v2/workflows?skip_validation", unknownProperty, http.StatusCreated},
		{"enabled", "/v2/workflows?skip_validation=false", unknownProperty, http.StatusCreated},
		{"enabled", "/v2/workbooks?skip_validation", workbook, http.StatusCreated},
		{"disabled", "/v2/workflows", unknownProperty, http.StatusCreated},
		{"disabled", "/v2/workbooks", workbook, http.StatusCreated},
		{"disabled", "/v2/workflows", badYAML, http.StatusBadRequest},
	}
	for _, tc := range tests {
		t.Run(tc.mode+" "+tc.path, func(t *testing.T) {
			a := newTestAPIWith(t, rest.Config{ValidationMode: tc.mode})
			a.do(http.MethodPost, tc.path, "text/plain", tc.body).expect(t, tc.status)
		})
	}
}
