package rest

import (
	"net/http"
	"strconv"
	"strings"

	"github.com/gin-gonic/gin"

	"github.com/tramontane/tramontane/engine/data"
)

// Pecan's own errors (a path no controller serves, a method a controller
// lacks) are webob exceptions, and their bodies follow the client's Accept
// header in two steps:
//
//   - pecan answers {"code", "title", "description"} as JSON when, among
//     text/plain, text/html and application/json, the client prefers JSON
//     (prefersJSON; no header counts as */*);
//   - otherwise webob writes its page: HTML when text/html is acceptable,
//     its own JSON ({"message", "code", "title"}) when only
//     application/json is, plain text otherwise (and with no Accept header).
//
// A HEAD request gets the headers only: the JSON body's length, or an
// empty text/html page.

// webobPage is the text of one of webob's error pages.
type webobPage struct {
	status      int
	title       string // "Not Found"
	message     string // the HTML body: explanation, <br /><br /> and detail
	plain       string // the body after the status line in text/plain
	description any    // pecan's JSON description: nil or ""
}

// write answers the page for the request's Accept header.
func (p webobPage) write(c *gin.Context) {
	c.Abort()
	accept := c.GetHeader("Accept")
	statusLine := strconv.Itoa(p.status) + " " + p.title
	var ctype, body string
	switch {
	case prefersJSON(accept):
		ctype = "application/json"
		body, _ = data.EncodePython(data.MapOf("code", int64(p.status), "title", p.title, "description", p.description))
	case c.Request.Method == http.MethodHead:
		ctype = "text/html; charset=UTF-8"
	default:
		switch webobMatch(accept) {
		case "text/html":
			ctype = "text/html; charset=UTF-8"
			body = "<html>\n <head>\n  <title>" + statusLine + "</title>\n </head>\n <body>\n  <h1>" + statusLine + "</h1>\n  " +
				p.message + "\n </body>\n</html>"
		case "application/json":
			ctype = "application/json"
			body, _ = data.EncodePython(data.MapOf("message", p.message, "code", statusLine, "title", p.title))
		default:
			ctype = "text/plain; charset=UTF-8"
			body = statusLine + "\n\n" + p.plain
		}
	}
	if c.Request.Method == http.MethodHead {
		c.Header("Content-Type", ctype)
		c.Header("Content-Length", strconv.Itoa(len(body)))
		c.Status(p.status)
		c.Writer.WriteHeaderNow()
		return
	}
	c.Data(p.status, ctype, []byte(body))
}

// webobMatch is the first of text/html and application/json that an Accept
// header accepts, by quality then in that order; "" when neither is (an
// empty or missing header accepts neither).
func webobMatch(accept string) string {
	if strings.TrimSpace(accept) == "" {
		return ""
	}
	html, json := acceptQuality(accept, "text/html"), acceptQuality(accept, "application/json")
	switch {
	case html > 0 && html >= json:
		return "text/html"
	case json > 0:
		return "application/json"
	}
	return ""
}

// v2Controllers are the path segments under /v2/ that name one of
// Mistral's controllers: pecan's 404 below one of them comes from the
// controller (description ""), elsewhere from its router (null).
var v2Controllers = map[string]bool{
	"workbooks": true, "actions": true, "workflows": true, "executions": true,
	"tasks": true, "cron_triggers": true, "environments": true, "action_executions": true,
	"services": true, "event_triggers": true, "code_sources": true, "dynamic_actions": true,
}

// notFound is pecan's 404 for a path that no controller serves.
func notFound(c *gin.Context) {
	var description any
	if seg := v2Segments(c.Request.URL.Path); len(seg) > 0 && v2Controllers[seg[0]] {
		description = ""
	}
	webobPage{
		status: http.StatusNotFound, title: "Not Found",
		message:     "The resource could not be found.<br /><br />\n\n\n",
		plain:       "The resource could not be found.\n\n   ",
		description: description,
	}.write(c)
}

// methodNotAllowed is webob's 405 answer, for a method a resource does not
// serve, with pecan's Allow header: the methods of the whole controller,
// sorted.
func methodNotAllowed(c *gin.Context) {
	c.Header("Allow", controllerMethods(c.Request.URL.Path))
	webobPage{
		status: http.StatusMethodNotAllowed, title: "Method Not Allowed",
		message:     "The method " + c.Request.Method + " is not allowed for this resource. <br /><br />\n",
		plain:       "The method " + c.Request.Method + " is not allowed for this resource. \n\n ",
		description: "",
	}.write(c)
}

// v2Segments are the segments of a path under /v2/, nil for another path.
func v2Segments(path string) []string {
	rest, ok := strings.CutPrefix(path, "/v2/")
	if !ok || rest == "" {
		return nil
	}
	return strings.Split(strings.Trim(rest, "/"), "/")
}

// controllerMethods is the Allow header pecan gives a 405 of the
// controller that serves path: GET when it has a getter, then the other
// methods it defines, sorted.
func controllerMethods(path string) string {
	const all = "DELETE, GET, POST, PUT"
	seg := v2Segments(path)
	if len(seg) == 0 {
		return all
	}
	if len(seg) == 2 && seg[1] == "validate" {
		switch seg[0] {
		case "workflows", "workbooks", "actions":
			return "POST"
		}
	}
	if len(seg) >= 3 {
		switch seg[0] + "/" + seg[2] {
		case "executions/tasks", "executions/executions", "executions/report",
			"tasks/action_executions", "tasks/executions", "tasks/workflow_executions":
			return "GET"
		}
	}
	switch seg[0] {
	case "tasks":
		return "GET, PUT"
	case "cron_triggers":
		return "DELETE, GET, POST"
	case "services":
		return "GET"
	}
	return all
}
