package lang

import "testing"

func TestParseInline(t *testing.T) {
	tests := []struct {
		text, name, params string
	}{
		// DSL §3.2, verified on Mistral 15.
		{`std.echo output='x' delay=1`, "std.echo", `{'output': 'x', 'delay': 1}`},
		{`std.echo output="a b"`, "std.echo", `{'output': 'a b'}`},
		{`a.b x=<% $.y %> z=[1, 2] n=null t=true k=12`, "a.b", `{'x': '<% $.y %>', 'z': [1, 2], 'n': None, 't': True, 'k': 12}`},
		{`std.http url=http://a.b/c?d=1 method=POST`, "std.http", `{'d': 1}`},
		{`fail msg='boom'`, "fail", `{'msg': 'boom'}`},
		// More quirks, also checked against Mistral.
		{`std.noop`, "std.noop", `None`},
		{`std.echo output=<% $.x %> b=<% 2 %>`, "std.echo", `{'output': '<% $.x %>', 'b': '<% 2 %>'}`},
		{`a x={{ 1 }} y={{ 2 }}`, "a", `{'x': '{{ 1 }}', 'y': '{{ 2 }}'}`},
		{`a b=[1] c=[2]`, "a", `{'b': '[1] c=[2]'}`},
		{`a b="x"  c=3`, "a", `{'b': 'x', 'c': 3}`},
		{`fail(msg="x") u=1`, "fail", `{'msg': 'x', 'u': 1}`},
		{`<% $.a %> x=1`, "<% $.a %>", `{'x': 1}`},
		{`a b=12abc`, "a", `{'b': 12}`},
		{`a b=-1`, "a", `None`},
		{`a b=1.5`, "a", `{'b': 1}`},
		{`a b="q""r"`, "a", `{'b': 'q'}`},
		{`a b={% x %}`, "a", `None`},
		{`a b=007`, "a", `{'b': '007'}`},
	}
	for _, tt := range tests {
		name, params, err := ParseInline(tt.text)
		if err != nil {
			t.Errorf("%q: %v", tt.text, err)
			continue
		}
		if name != tt.name || repr(params) != tt.params {
			t.Errorf("%q: got %q %s, want %q %s", tt.text, name, repr(params), tt.name, tt.params)
		}
	}
}

func TestParseInlineInvalid(t *testing.T) {
	_, _, err := ParseInline("-x y=1")
	if err == nil || err.Error() != "Invalid action/workflow task property: -x y=1" {
		t.Fatalf("got %v", err)
	}
}
