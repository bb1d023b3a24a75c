package actions

import "github.com/tramontane/tramontane/engine/data"

// req and opt build parameter lists in signature order.
func req(name string) Param          { return Param{Name: name, Required: true} }
func opt(name string, def any) Param { return Param{Name: name, Default: def} }

// standardSpecs returns the specs of Mistral 15's std.* actions (the
// mistral.actions entry points of its setup.cfg).
func standardSpecs() []*Spec {
	return []*Spec{
		{
			Name: "std.noop", Description: descNoop, ClassName: stdActions + "NoOpAction",
			New:     func(*data.Map) (Action, error) { return &noop{}, nil },
			Restore: func(*data.Map) (Action, error) { return &noop{}, nil },
		},
		{
			Name: "std.async_noop", Description: descAsyncNoop, ClassName: stdActions + "AsyncNoOpAction",
			Async:   true,
			New:     func(*data.Map) (Action, error) { return &noop{async: true}, nil },
			Restore: func(*data.Map) (Action, error) { return &noop{async: true}, nil },
		},
		{
			Name: "std.echo", Description: descEcho, ClassName: stdActions + "EchoAction",
			Params:  []Param{req("output"), opt("delay", int64(0))},
			New:     newEcho,
			Restore: restoreEcho,
		},
		{
			Name: "std.fail", Description: descFail, ClassName: stdActions + "FailAction",
			Params:  []Param{opt("error_data", nil)},
			New:     func(in *data.Map) (Action, error) { return &fail{errorData: in.Value("error_data")}, nil },
			Restore: func(v *data.Map) (Action, error) { return &fail{errorData: v.Value("error_data")}, nil },
		},
		{
			Name: "std.sleep", Description: descSleep, ClassName: stdActions + "SleepAction",
			Params:  []Param{opt("seconds", int64(1))},
			New:     newSleep,
			Restore: restoreSleep,
		},
		{
			Name: "std.test_dict", Description: descTestDict, ClassName: stdActions + "TestDictAction",
			Params: []Param{opt("size", int64(0)), opt("key_prefix", ""), opt("val", "")},
			New: func(in *data.Map) (Action, error) {
				return &testDict{size: in.Value("size"), keyPrefix: in.Value("key_prefix"), val: in.Value("val")}, nil
			},
			Restore: func(v *data.Map) (Action, error) {
				return &testDict{size: v.Value("size"), keyPrefix: v.Value("key_prefix"), val: v.Value("val")}, nil
			},
		},
		{
			Name: "std.http", Description: descHTTP, ClassName: stdActions + "HTTPAction",
			Params:  httpParams(),
			New:     newHTTP(false),
			Restore: restoreHTTP(false),
		},
		{
			Name: "std.mistral_http", Description: descHTTP, ClassName: stdActions + "MistralHTTPAction",
			Params:  httpParams(),
			Async:   true,
			New:     newHTTP(true),
			Restore: restoreHTTP(true),
		},
		{
			Name: "std.email", Description: descEmail, ClassName: stdActions + "SendEmailAction",
			Params: []Param{
				req("from_addr"), req("to_addrs"), req("smtp_server"), opt("reply_to", nil),
				opt("cc_addrs", nil), opt("bcc_addrs", nil), opt("smtp_password", nil),
				opt("subject", nil), opt("body", nil), opt("html_body", nil),
			},
			New:     newEmail,
			Restore: restoreEmail,
		},
		{
			Name: "std.javascript", Description: descJavaScript, ClassName: stdActions + "JavaScriptAction",
			Params:  []Param{req("script"), opt("context", nil)},
			New:     newJavaScript,
			Restore: restoreJavaScript,
		},
		{
			Name: "std.js", Description: descJavaScript, ClassName: stdActions + "JavaScriptAction",
			Params:  []Param{req("script"), opt("context", nil)},
			New:     newJavaScript,
			Restore: restoreJavaScript,
		},
		{
			Name: "std.ssh", Description: descSSH, ClassName: stdActions + "SSHAction",
			Params: []Param{
				req("cmd"), req("host"), req("username"), opt("password", ""),
				opt("private_key_filename", nil), opt("private_key", nil),
			},
			New:     newSSH(false),
			Restore: restoreSSH(false),
		},
		{
			Name: "std.ssh_proxied", Description: descSSH, ClassName: stdActions + "SSHProxiedAction",
			Params: []Param{
				req("cmd"), req("host"), req("username"), req("private_key_filename"), req("gateway_host"),
				opt("gateway_username", nil), opt("password", nil), opt("proxy_command", nil), opt("private_key", nil),
			},
			New:     newSSH(true),
			Restore: restoreSSH(true),
		},
	}
}

func httpParams() []Param {
	return []Param{
		req("url"), opt("method", "GET"), opt("params", nil), opt("body", nil),
		opt("json", nil), opt("headers", nil), opt("cookies", nil), opt("auth", nil),
		opt("timeout", nil), opt("allow_redirects", nil), opt("proxies", nil), opt("verify", nil),
	}
}
