package actiontest

import (
	"crypto/ed25519"
	"crypto/rand"
	"crypto/rsa"
	"crypto/x509"
	"encoding/binary"
	"encoding/pem"
	"fmt"
	"io"
	"net"
	"os/exec"
	"strings"
	"testing"

	"golang.org/x/crypto/ssh"
)

// Ed25519Key makes an ed25519 key pair: the OpenSSH private key text and
// the public key.
func Ed25519Key(t testing.TB) (string, ssh.PublicKey) {
	t.Helper()
	pub, priv, err := ed25519.GenerateKey(rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	block, err := ssh.MarshalPrivateKey(priv, "")
	if err != nil {
		t.Fatal(err)
	}
	sshPub, err := ssh.NewPublicKey(pub)
	if err != nil {
		t.Fatal(err)
	}
	return string(pem.EncodeToMemory(block)), sshPub
}

// RSAKey makes an RSA key pair: the PEM "RSA PRIVATE KEY" text (the only
// kind Mistral's paramiko.RSAKey reads) and the public key.
func RSAKey(t testing.TB) (string, ssh.PublicKey) {
	t.Helper()
	priv, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		t.Fatal(err)
	}
	sshPub, err := ssh.NewPublicKey(&priv.PublicKey)
	if err != nil {
		t.Fatal(err)
	}
	block := &pem.Block{Type: "RSA PRIVATE KEY", Bytes: x509.MarshalPKCS1PrivateKey(priv)}
	return string(pem.EncodeToMemory(block)), sshPub
}

// SSHPassword is the password the in-process SSH server accepts.
const SSHPassword = "pw"

// StartSSH runs an in-process SSH server on listen ("127.0.0.1:0" for any
// free port) that accepts the password SSHPassword or any of keys, runs
// exec requests with /bin/sh and turns "nc HOST PORT" into a TCP
// connection (for gateway tests). It returns the address it listens on.
func StartSSH(t testing.TB, listen string, keys ...ssh.PublicKey) string {
	t.Helper()
	_, hostPriv, err := ed25519.GenerateKey(rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	hostSigner, err := ssh.NewSignerFromKey(hostPriv)
	if err != nil {
		t.Fatal(err)
	}
	cfg := &ssh.ServerConfig{
		PasswordCallback: func(c ssh.ConnMetadata, pw []byte) (*ssh.Permissions, error) {
			if string(pw) == SSHPassword {
				return nil, nil
			}
			return nil, fmt.Errorf("wrong password")
		},
		PublicKeyCallback: func(c ssh.ConnMetadata, k ssh.PublicKey) (*ssh.Permissions, error) {
			for _, key := range keys {
				if string(k.Marshal()) == string(key.Marshal()) {
					return nil, nil
				}
			}
			return nil, fmt.Errorf("unknown key")
		},
	}
	cfg.AddHostKey(hostSigner)
	ln, err := net.Listen("tcp", listen)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ln.Close() })
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			go serveSSH(c, cfg)
		}
	}()
	return ln.Addr().String()
}

func serveSSH(c net.Conn, cfg *ssh.ServerConfig) {
	defer c.Close()
	_, chans, reqs, err := ssh.NewServerConn(c, cfg)
	if err != nil {
		return
	}
	go ssh.DiscardRequests(reqs)
	for nc := range chans {
		if nc.ChannelType() != "session" {
			nc.Reject(ssh.UnknownChannelType, "no")
			continue
		}
		ch, creqs, err := nc.Accept()
		if err != nil {
			return
		}
		go func() {
			defer ch.Close()
			for r := range creqs {
				if r.Type != "exec" {
					r.Reply(false, nil)
					continue
				}
				r.Reply(true, nil)
				cmd := string(r.Payload[4:])
				status := runExec(cmd, ch)
				ch.SendRequest("exit-status", false, binary.BigEndian.AppendUint32(nil, uint32(status)))
				return
			}
		}()
	}
}

func runExec(cmd string, ch ssh.Channel) int {
	if f := strings.Fields(cmd); len(f) == 3 && f[0] == "nc" {
		conn, err := net.Dial("tcp", net.JoinHostPort(f[1], f[2]))
		if err != nil {
			return 1
		}
		defer conn.Close()
		go io.Copy(conn, ch)
		io.Copy(ch, conn)
		return 0
	}
	c := exec.Command("/bin/sh", "-c", cmd)
	c.Stdout, c.Stderr = ch, ch.Stderr()
	if err := c.Run(); err != nil {
		if ee, ok := err.(*exec.ExitError); ok {
			return ee.ExitCode()
		}
		return 255
	}
	return 0
}

// EncryptPEM encrypts a PEM private key with passphrase the legacy
// OpenSSL way ("Proc-Type: 4,ENCRYPTED", AES-128-CBC), which paramiko and
// x/crypto/ssh both read.
func EncryptPEM(t testing.TB, key, passphrase string) string {
	t.Helper()
	block, _ := pem.Decode([]byte(key))
	if block == nil {
		t.Fatal("EncryptPEM: not a PEM key")
	}
	//lint:ignore SA1019 paramiko reads only this legacy PEM encryption for RSA keys.
	enc, err := x509.EncryptPEMBlock(rand.Reader, block.Type, block.Bytes, []byte(passphrase), x509.PEMCipherAES128) //nolint:staticcheck
	if err != nil {
		t.Fatal(err)
	}
	return string(pem.EncodeToMemory(enc))
}
