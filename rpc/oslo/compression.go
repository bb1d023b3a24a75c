package oslo

import (
	"bytes"
	"compress/bzip2"
	"compress/zlib"
	"fmt"
	"io"

	amqp "github.com/rabbitmq/amqp091-go"
)

// Message bodies compressed by kombu: a service with [oslo_messaging_rabbit]
// kombu_compression set compresses what it sends and names the method in
// the message's "compression" header; every receiver decompresses what
// the header names. kombu's "gzip" is zlib's format.

const (
	compressionHeader = "compression"
	zlibCompression   = "application/x-gzip"
	bzip2Compression  = "application/x-bz2"
	// maxDecompressed bounds a decompressed body, so that a small message
	// cannot expand to exhaust memory.
	maxDecompressed = 256 << 20
)

// compressionOf maps kombu_compression's value (kombu's names) to what we
// send: zlib for gzip; nothing for bzip2 (Go has no bzip2 writer, and
// receivers read plain bodies either way) nor for oslo's documented "bz2",
// which kombu does not know (Python services fail every send with it).
func compressionOf(option string) (string, error) {
	switch option {
	case "":
		return "", nil
	case "gzip", "zlib", zlibCompression:
		return zlibCompression, nil
	case "bz2", "bzip2", "bzip", bzip2Compression:
		return "", nil
	}
	return "", fmt.Errorf("kombu_compression: %q is not supported (gzip or bzip2)", option)
}

// decompressed returns a received body as its compression header says.
func decompressed(body []byte, headers amqp.Table) ([]byte, error) {
	method, _ := headers[compressionHeader].(string)
	var r io.Reader
	switch method {
	case "":
		return body, nil
	case zlibCompression:
		zr, err := zlib.NewReader(bytes.NewReader(body))
		if err != nil {
			return nil, fmt.Errorf("decompress %s body: %w", method, err)
		}
		defer zr.Close()
		r = zr
	case bzip2Compression:
		r = bzip2.NewReader(bytes.NewReader(body))
	default:
		return nil, fmt.Errorf("unsupported compression %q", method)
	}
	out, err := io.ReadAll(io.LimitReader(r, maxDecompressed+1))
	if err != nil {
		return nil, fmt.Errorf("decompress %s body: %w", method, err)
	}
	if len(out) > maxDecompressed {
		return nil, fmt.Errorf("decompressed body over %d bytes", maxDecompressed)
	}
	return out, nil
}

// compress compresses a body to send as method says ("" sends it as it
// is) and names the method in headers.
func compress(body []byte, method string, headers amqp.Table) []byte {
	if method != zlibCompression {
		return body
	}
	var b bytes.Buffer
	w := zlib.NewWriter(&b)
	_, _ = w.Write(body) // writes to a bytes.Buffer do not fail
	_ = w.Close()
	headers[compressionHeader] = method
	return b.Bytes()
}
