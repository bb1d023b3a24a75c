package testserver

import (
	"bytes"
	"os"
	"os/exec"
	"testing"
)

// KeystoneDeployment is a mistral-server with authentication on against
// this test binary's Keystone, registered in its catalog under a region of
// its own.
type KeystoneDeployment struct {
	Keystone *Keystone
	Server   *Server
	Region   string
}

// StartWithKeystone starts mistral-server with authentication on (its
// service user a fresh admin of its own project) and extraConf appended to
// its mistral.conf.
func StartWithKeystone(t testing.TB, extraConf string) *KeystoneDeployment {
	t.Helper()
	ks := SharedKeystone(t)
	svc := ks.ServiceUser(t)
	srv := Start(t, ks.MistralConf(svc)+extraConf)
	return &KeystoneDeployment{Keystone: ks, Server: srv, Region: ks.RegisterMistral(t, srv.URL)}
}

// CLI runs the mistral CLI as u with password: it authenticates with
// Keystone and finds the API in the catalog (no --os-mistral-url). It
// returns the standard output and error.
func (d *KeystoneDeployment) CLI(t testing.TB, u *KeystoneUser, password string, args ...string) (string, string, error) {
	t.Helper()
	bin := Need(t, "mistral", "python3-mistralclient")
	argv := append([]string{
		"--os-auth-url", d.Keystone.URL, "--os-username", u.Name, "--os-password", password,
		"--os-project-name", u.Project, "--os-user-domain-name", "Default", "--os-project-domain-name", "Default",
		"--os-region-name", d.Region,
	}, args...)
	dir := t.TempDir()
	cmd := exec.Command(bin, argv...)
	cmd.Dir = dir
	cmd.Env = []string{"PATH=" + os.Getenv("PATH"), "HOME=" + dir, "LANG=C.UTF-8"}
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	err := cmd.Run()
	return stdout.String(), stderr.String(), err
}
