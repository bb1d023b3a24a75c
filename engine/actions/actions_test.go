package actions

import (
	"context"
	"errors"
	"math/big"
	"strings"
	"testing"
	"time"

	"github.com/tramontane/tramontane/engine/data"
	"github.com/tramontane/tramontane/engine/exc"
)

func run(t *testing.T, r *Registry, name string, input *data.Map) (Result, error) {
	t.Helper()
	a, _, err := r.Instantiate(name, input)
	if err != nil {
		t.Fatalf("Instantiate(%s, %s): %v", name, reprInput(input), err)
	}
	return a.Run(context.Background(), &Context{})
}

// reprInput is data.Repr that also prints a nil map.
func reprInput(m *data.Map) string {
	if m == nil {
		return "{}"
	}
	return data.Repr(m)
}

func TestBasicActions(t *testing.T) {
	r := NewRegistry()
	tests := []struct {
		name    string
		input   *data.Map
		want    any // expected Data
		wantErr any // expected Error data
		raises  string
	}{
		{name: "std.noop", want: nil},
		{name: "std.async_noop", want: nil},
		{name: "std.echo", input: data.MapOf("output", "hi"), want: "hi"},
		{name: "std.echo", input: data.MapOf("output", data.MapOf("a", []any{1, 2})), want: data.MapOf("a", []any{1, 2})},
		{name: "std.echo", input: data.MapOf("output", nil, "delay", "nonsense"), want: nil},
		{name: "std.echo", input: data.MapOf("output", 42, "delay", -5), want: int64(42)},
		{name: "std.echo", input: data.MapOf("output", 1.5, "delay", "0.01"), want: 1.5},
		{name: "std.fail", raises: "Fail action expected exception."},
		{name: "std.fail", input: data.MapOf("error_data", ""), raises: "Fail action expected exception."},
		{name: "std.fail", input: data.MapOf("error_data", data.MapOf("code", 7)), wantErr: data.MapOf("code", 7)},
		{name: "std.fail", input: data.MapOf("error_data", "boom"), wantErr: "boom"},
		{name: "std.sleep", input: data.MapOf("seconds", 0), want: nil},
		{name: "std.sleep", input: data.MapOf("seconds", "x"), want: nil},
		{name: "std.sleep", input: data.MapOf("seconds", -3), want: nil},
		{name: "std.sleep", input: data.MapOf("seconds", new(big.Int).Lsh(big.NewInt(-1), 70)), want: nil},
		{name: "std.test_dict", want: data.NewMap(0)},
		{name: "std.test_dict", input: data.MapOf("size", 3, "key_prefix", "k", "val", true),
			want: data.MapOf("k0", true, "k1", true, "k2", true)},
		{name: "std.test_dict", input: data.MapOf("size", 2), want: data.MapOf("0", "", "1", "")},
		{name: "std.test_dict", input: data.MapOf("size", 1.0), raises: "'float' object cannot be interpreted as an integer"},
	}
	for _, tt := range tests {
		t.Run(tt.name+" "+reprInput(tt.input), func(t *testing.T) {
			res, err := run(t, r, tt.name, tt.input)
			if tt.raises != "" {
				if err == nil || err.Error() != tt.raises {
					t.Fatalf("got %v, %v; want raise %q", res, err, tt.raises)
				}
				return
			}
			if err != nil {
				t.Fatalf("unexpected error: %v", err)
			}
			if !data.Equal(res.Data, tt.want) || !data.Equal(res.Error, tt.wantErr) {
				t.Fatalf("got data=%s error=%s; want data=%s error=%s",
					data.Repr(res.Data), data.Repr(res.Error), data.Repr(tt.want), data.Repr(tt.wantErr))
			}
			if (tt.wantErr != nil) != res.IsError() {
				t.Fatalf("IsError = %v", res.IsError())
			}
		})
	}
}

func TestFailRaisesActionException(t *testing.T) {
	r := NewRegistry()
	a, _, err := r.Instantiate("std.fail", nil)
	if err != nil {
		t.Fatal(err)
	}
	_, err = a.Run(context.Background(), &Context{})
	if !exc.Is(err, exc.Action) {
		t.Fatalf("class = %s, want ActionException", exc.ClassOf(err))
	}
	if got := Repr(a); got != "Fail action" {
		t.Fatalf("Repr = %q", got)
	}
}

func TestInstantiateInputCheck(t *testing.T) {
	r := NewRegistry()
	tests := []struct {
		name  string
		input *data.Map
		want  string
	}{
		{"std.echo", nil, "Invalid input [name=std.echo, class=mistral.actions.std_actions.EchoAction, missing=['output']]"},
		{"std.echo", data.MapOf("output", 1, "x", 2, "a", 3),
			"Invalid input [name=std.echo, class=mistral.actions.std_actions.EchoAction, unexpected=['x', 'a']]"},
		{"std.echo", data.MapOf("delay", 1, "foo", 2),
			"Invalid input [name=std.echo, class=mistral.actions.std_actions.EchoAction, missing=['output'], unexpected=['foo']]"},
		{"std.noop", data.MapOf("a", 1),
			"Invalid input [name=std.noop, class=mistral.actions.std_actions.NoOpAction, unexpected=['a']]"},
	}
	for _, tt := range tests {
		_, _, err := r.Instantiate(tt.name, tt.input)
		if err == nil || err.Error() != tt.want {
			t.Errorf("Instantiate(%s, %s) = %v, want %q", tt.name, reprInput(tt.input), err, tt.want)
			continue
		}
		if !exc.Is(err, exc.Action) {
			t.Errorf("class = %s, want ActionException", exc.ClassOf(err))
		}
	}
	_, _, err := r.Instantiate("std.nope", nil)
	if !exc.Is(err, exc.InvalidAction) || err.Error() != "Failed to find action [action_name=std.nope]" {
		t.Errorf("unknown action: %v", err)
	}
}

func TestConstructorErrors(t *testing.T) {
	r := NewRegistry()
	tests := []struct {
		name  string
		input *data.Map
		want  string
		cause string
	}{
		{"std.echo", data.MapOf("output", 1, "delay", nil),
			"Failed to instantiate an action [action_desc=Python action [name=std.echo, cls=<class 'mistral.actions.std_actions.EchoAction'>], input_dict={'output': 1, 'delay': None}]",
			"float() argument must be a string or a real number, not 'NoneType'"},
		{"std.sleep", data.MapOf("seconds", []any{}),
			"Failed to instantiate an action [action_desc=Python action [name=std.sleep, cls=<class 'mistral.actions.std_actions.SleepAction'>], input_dict={'seconds': []}]",
			"int() argument must be a string, a bytes-like object or a real number, not 'list'"},
		{"std.http", data.MapOf("url", "http://x", "body", "a", "json", data.MapOf("b", 1)),
			"Failed to instantiate an action [action_desc=Python action [name=std.http, cls=<class 'mistral.actions.std_actions.HTTPAction'>], input_dict={'url': 'http://x', 'body': 'a', 'json': {'b': 1}}]",
			"Only one of the parameters 'json' and 'body' can be passed"},
	}
	for _, tt := range tests {
		_, _, err := r.Instantiate(tt.name, tt.input)
		if err == nil || err.Error() != tt.want {
			t.Errorf("%s: %v\nwant %s", tt.name, err, tt.want)
			continue
		}
		if !exc.Is(err, exc.InvalidAction) || errors.Unwrap(err).Error() != tt.cause {
			t.Errorf("%s: class %s, cause %v", tt.name, exc.ClassOf(err), errors.Unwrap(err))
		}
	}
}

func TestEchoDelayHonoursContext(t *testing.T) {
	r := NewRegistry()
	for _, name := range []string{"std.echo", "std.sleep"} {
		in := data.MapOf("output", 1, "delay", 30)
		if name == "std.sleep" {
			in = data.MapOf("seconds", 30)
		}
		a, _, err := r.Instantiate(name, in)
		if err != nil {
			t.Fatal(err)
		}
		ctx, cancel := context.WithTimeout(context.Background(), 20*time.Millisecond)
		start := time.Now()
		_, err = a.Run(ctx, &Context{})
		cancel()
		if !errors.Is(err, context.DeadlineExceeded) {
			t.Errorf("%s: err = %v, want deadline exceeded", name, err)
		}
		if time.Since(start) > 10*time.Second {
			t.Errorf("%s did not stop at the deadline", name)
		}
	}
}

func TestSignatures(t *testing.T) {
	r := NewRegistry()
	want := map[string]string{
		"std.noop":      "",
		"std.echo":      "output, delay=0",
		"std.fail":      "error_data=null",
		"std.sleep":     "seconds=1",
		"std.test_dict": `size=0, key_prefix="", val=""`,
	}
	for name, sig := range want {
		s, ok := r.Get(name)
		if !ok {
			t.Fatalf("%s not registered", name)
		}
		if got := s.InputSignature(); got != sig {
			t.Errorf("%s signature = %q, want %q", name, got, sig)
		}
	}
	list := r.List()
	for i := 1; i < len(list); i++ {
		if list[i-1].Name >= list[i].Name {
			t.Fatalf("List not sorted: %s before %s", list[i-1].Name, list[i].Name)
		}
	}
}

func TestVarsRoundTrip(t *testing.T) {
	r := NewRegistry()
	tests := []struct {
		name  string
		input *data.Map
		vars  string
	}{
		{"std.echo", data.MapOf("output", "wire"), `{"output":"wire","_delay":0.0}`},
		{"std.noop", nil, `{}`},
		{"std.fail", nil, `{"error_data":null}`},
		{"std.sleep", data.MapOf("seconds", "2"), `{"_seconds":2}`},
		{"std.test_dict", data.MapOf("size", 1), `{"size":1,"key_prefix":"","val":""}`},
	}
	for _, tt := range tests {
		a, s, err := r.Instantiate(tt.name, tt.input)
		if err != nil {
			t.Fatal(err)
		}
		sa := a.(Serializable)
		if got := string(data.MustEncode(sa.Vars())); got != tt.vars {
			t.Errorf("%s Vars = %s, want %s", tt.name, got, tt.vars)
		}
		b, s2, err := r.Restore(sa.ClassName(), sa.Vars())
		if err != nil {
			t.Fatalf("%s Restore: %v", tt.name, err)
		}
		if s2.ClassName != s.ClassName {
			t.Errorf("%s restored as %s", tt.name, s2.Name)
		}
		if got := string(data.MustEncode(b.(Serializable).Vars())); got != tt.vars {
			t.Errorf("%s restored Vars = %s, want %s", tt.name, got, tt.vars)
		}
	}
}

// TestAllSignatures checks every std action's class and action-list input
// against what Mistral 15 reports (inspect of its classes).
func TestAllSignatures(t *testing.T) {
	want := []struct{ name, class, sig string }{
		{"std.async_noop", "AsyncNoOpAction", ""},
		{"std.echo", "EchoAction", "output, delay=0"},
		{"std.email", "SendEmailAction", "from_addr, to_addrs, smtp_server, reply_to=null, cc_addrs=null, bcc_addrs=null, smtp_password=null, subject=null, body=null, html_body=null"},
		{"std.fail", "FailAction", "error_data=null"},
		{"std.http", "HTTPAction", "url, method=\"GET\", params=null, body=null, json=null, headers=null, cookies=null, auth=null, timeout=null, allow_redirects=null, proxies=null, verify=null"},
		{"std.javascript", "JavaScriptAction", "script, context=null"},
		{"std.js", "JavaScriptAction", "script, context=null"},
		{"std.mistral_http", "MistralHTTPAction", "url, method=\"GET\", params=null, body=null, json=null, headers=null, cookies=null, auth=null, timeout=null, allow_redirects=null, proxies=null, verify=null"},
		{"std.noop", "NoOpAction", ""},
		{"std.sleep", "SleepAction", "seconds=1"},
		{"std.ssh", "SSHAction", "cmd, host, username, password=\"\", private_key_filename=null, private_key=null"},
		{"std.ssh_proxied", "SSHProxiedAction", "cmd, host, username, private_key_filename, gateway_host, gateway_username=null, password=null, proxy_command=null, private_key=null"},
		{"std.test_dict", "TestDictAction", "size=0, key_prefix=\"\", val=\"\""},
	}
	r := NewRegistry()
	if len(r.List()) != len(want) {
		t.Errorf("%d actions registered, want %d", len(r.List()), len(want))
	}
	for _, w := range want {
		s, ok := r.Get(w.name)
		if !ok {
			t.Errorf("%s missing", w.name)
			continue
		}
		if s.ClassName != stdActions+w.class {
			t.Errorf("%s class %s", w.name, s.ClassName)
		}
		if got := s.InputSignature(); got != w.sig {
			t.Errorf("%s signature %q, want %q", w.name, got, w.sig)
		}
		if s.Description == "" {
			t.Errorf("%s has no description", w.name)
		}
	}
}

func BenchmarkInstantiateEcho(b *testing.B) {
	r := NewRegistry()
	in := data.MapOf("output", "x", "delay", 0)
	for b.Loop() {
		a, _, err := r.Instantiate("std.echo", in)
		if err != nil {
			b.Fatal(err)
		}
		if _, err := a.Run(context.Background(), &Context{}); err != nil {
			b.Fatal(err)
		}
	}
}

func TestPyFloatBigInt(t *testing.T) {
	tests := []struct {
		in   string
		want float64
		err  bool
	}{
		{"12345678901234567890", 12345678901234567890, false},
		{"-100000000000000000000", -1e20, false},
		{"1" + strings.Repeat("0", 400), 0, true},
	}
	for _, tt := range tests {
		v, err := data.ParseString(tt.in)
		if err != nil {
			t.Fatal(err)
		}
		f, err := pyFloat(v)
		if tt.err {
			if err == nil {
				t.Errorf("pyFloat(%.20s...) = %v, want an error", tt.in, f)
			}
			continue
		}
		if err != nil || f != tt.want {
			t.Errorf("pyFloat(%s) = %v, %v; want %v", tt.in, f, err, tt.want)
		}
	}
}
