package mistralinterop

import (
	"bufio"
	"fmt"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
)

// hitCounter is an HTTP server that std.http actions call: it counts the
// calls per task execution (the "task" query parameter) and tells which
// process made each call, by finding the owner of the client's socket in
// /proc. Both executors send python-requests' headers, so the socket is
// the only reliable witness of who ran an action.
type hitCounter struct {
	srv  *httptest.Server
	port int
	pids map[int]string // process id -> the name the test gave it

	mu    sync.Mutex
	hits  map[string]int // by task execution id
	by    map[string]int // by process name ("unknown" when not found)
	calls int
}

func newHitCounter(t *testing.T, pids map[int]string) *hitCounter {
	t.Helper()
	c := &hitCounter{pids: pids, hits: map[string]int{}, by: map[string]int{}}
	c.srv = httptest.NewServer(c)
	t.Cleanup(c.srv.Close)
	c.port = c.srv.Listener.Addr().(*net.TCPAddr).Port
	return c
}

func (c *hitCounter) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	who := c.caller(r.RemoteAddr)
	c.mu.Lock()
	c.hits[r.URL.Query().Get("task")]++
	c.by[who]++
	c.calls++
	c.mu.Unlock()
	w.Header().Set("Content-Type", "application/json")
	w.Write([]byte(`{"ok": true}`))
}

// url is the URL of a std.http action that counts a call for the task
// execution running it.
func (c *hitCounter) url() string {
	return c.srv.URL + "/hit?task=<% $__task_execution.id %>"
}

// counts returns a copy of the calls per task execution and per process.
func (c *hitCounter) counts() (perTask, perProcess map[string]int) {
	c.mu.Lock()
	defer c.mu.Unlock()
	perTask, perProcess = map[string]int{}, map[string]int{}
	for k, v := range c.hits {
		perTask[k] = v
	}
	for k, v := range c.by {
		perProcess[k] = v
	}
	return perTask, perProcess
}

// caller names the process that owns the client end of a connection to
// this server: the socket whose local port is the request's remote port
// and whose peer is this server.
func (c *hitCounter) caller(remote string) string {
	_, p, err := net.SplitHostPort(remote)
	if err != nil {
		return "unknown"
	}
	clientPort, _ := strconv.Atoi(p)
	inode := socketInode(clientPort, c.port)
	if inode == "" {
		return "unknown"
	}
	want := "socket:[" + inode + "]"
	for pid, name := range c.pids {
		fds, _ := os.ReadDir(fmt.Sprintf("/proc/%d/fd", pid))
		for _, fd := range fds {
			if l, err := os.Readlink(filepath.Join(fmt.Sprintf("/proc/%d/fd", pid), fd.Name())); err == nil && l == want {
				return name
			}
		}
	}
	return "unknown"
}

// socketInode finds in /proc/net/tcp the socket from localPort to
// remotePort on the loopback and returns its inode.
func socketInode(localPort, remotePort int) string {
	f, err := os.Open("/proc/net/tcp")
	if err != nil {
		return ""
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		fields := strings.Fields(sc.Text())
		if len(fields) < 10 {
			continue
		}
		if hexPort(fields[1]) == localPort && hexPort(fields[2]) == remotePort {
			return fields[9]
		}
	}
	return ""
}

// hexPort reads the port of a /proc/net/tcp address "0100007F:1F90".
func hexPort(addr string) int {
	_, p, ok := strings.Cut(addr, ":")
	if !ok {
		return -1
	}
	n, err := strconv.ParseInt(p, 16, 32)
	if err != nil {
		return -1
	}
	return int(n)
}
