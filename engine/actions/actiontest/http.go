package actiontest

import (
	"compress/gzip"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"
	"time"

	"github.com/andybalholm/brotli"
)

// StartHTTP runs an HTTP server on a free loopback port until the test
// ends. Its paths: /json, /text (latin-1), /missing (404 with JSON),
// /redirect (302 to /echo with a cookie), /loop (endless redirects), /auth
// (basic auth alice:s3cret), /slow (5s), /gzip, /brotli, /raw (a hand-written
// response with repeated headers and a custom reason) and /echo (the
// request as JSON).
func StartHTTP(t testing.TB) *HTTPServer {
	srv := &HTTPServer{}
	t.Helper()
	mux := http.NewServeMux()
	mux.HandleFunc("/json", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		io.WriteString(w, `{"a": 1, "b": [true, null, 1.5]}`)
	})
	mux.HandleFunc("/text", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/plain")
		w.Write([]byte("caf\xe9"))
	})
	mux.HandleFunc("/missing", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(http.StatusNotFound)
		io.WriteString(w, `{"error": "nope"}`)
	})
	mux.HandleFunc("/redirect", func(w http.ResponseWriter, r *http.Request) {
		http.SetCookie(w, &http.Cookie{Name: "hop", Value: "1"})
		w.Header().Set("Location", "/echo?from=redirect")
		w.WriteHeader(http.StatusFound)
		io.WriteString(w, "moved")
	})
	mux.HandleFunc("/loop", func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, "/loop", http.StatusFound)
	})
	mux.HandleFunc("/auth", func(w http.ResponseWriter, r *http.Request) {
		u, p, ok := r.BasicAuth()
		if !ok || u != "alice" || p != "s3cret" {
			w.WriteHeader(http.StatusUnauthorized)
			return
		}
		io.WriteString(w, `"welcome"`)
	})
	mux.HandleFunc("/slow", func(w http.ResponseWriter, r *http.Request) {
		select {
		case <-time.After(5 * time.Second):
		case <-r.Context().Done():
		}
	})
	mux.HandleFunc("/gzip", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Encoding", "gzip")
		w.Header().Set("Content-Type", "application/json")
		gz := gzip.NewWriter(w)
		io.WriteString(gz, `[1, 2]`)
		gz.Close()
	})
	mux.HandleFunc("/brotli", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Encoding", "br")
		w.Header().Set("Content-Type", "application/json")
		bw := brotli.NewWriter(w)
		io.WriteString(bw, `{"packed": true}`)
		bw.Close()
	})
	mux.HandleFunc("/raw", func(w http.ResponseWriter, r *http.Request) {
		conn, buf, err := w.(http.Hijacker).Hijack()
		if err != nil {
			return
		}
		defer conn.Close()
		buf.WriteString("HTTP/1.1 201 Made It\r\ncontent-type: text/plain; charset=utf-8\r\n" +
			"X-Multi: a\r\nx-multi: b\r\nSet-Cookie: k=v\r\nContent-Length: 2\r\n\r\nok")
		buf.Flush()
	})
	mux.HandleFunc("/echo", func(w http.ResponseWriter, r *http.Request) {
		b, _ := io.ReadAll(r.Body)
		h := map[string]string{}
		for k := range r.Header {
			h[k] = r.Header.Get(k)
		}
		srv.mu.Lock()
		srv.echoed = append(srv.echoed, h)
		srv.mu.Unlock()
		w.Header().Set("Content-Type", "application/json")
		json.NewEncoder(w).Encode(map[string]any{
			"method": r.Method, "query": r.URL.RawQuery, "body": string(b), "headers": h,
		})
	})
	srv.Server = httptest.NewServer(mux)
	t.Cleanup(srv.Close)
	return srv
}

// HTTPServer is the test HTTP server; it remembers the headers of the
// requests to /echo.
type HTTPServer struct {
	*httptest.Server

	mu     sync.Mutex
	echoed []map[string]string
}

// Echoed returns the headers of the requests /echo got so far (each
// header's first value), oldest first.
func (s *HTTPServer) Echoed() []map[string]string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]map[string]string(nil), s.echoed...)
}
