// Command mnist trains a classifier on the MNIST handwritten digits with
// corten and reports its test accuracy.
//
//	go run ./cmd/mnist                      # MLP 784-128-10, 5 epochs
//	go run ./cmd/mnist -model mlp-big -epochs 10 -report report.html
//	go run ./cmd/mnist -save mlp.safetensors
//	go run ./cmd/mnist -load mlp.safetensors   # evaluate only
//
// The data comes from -data DIR, else $MNIST_DIR, else testdata/mnist of
// the source tree (run from the repository, or by `go run` on the machine
// that holds it), else the user cache directory, where missing files are
// downloaded (for an installed binary). Progress and logs go to
// stderr; with -json, stdout holds exactly one JSON object of results.
package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"os/signal"
	"strings"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	if err := run(ctx, os.Args[1:], os.Stdout, os.Stderr); err != nil {
		if msg := err.Error(); err != errUsage {
			// Errors of package mnist already start with "mnist:".
			if !strings.HasPrefix(msg, "mnist:") {
				msg = "mnist: " + msg
			}
			fmt.Fprintln(os.Stderr, msg)
		}
		os.Exit(2)
	}
}

// stderrTerminal reports whether os.Stderr is a terminal, for the
// progress display; tests replace it.
var stderrTerminal = func(w io.Writer) bool {
	f, ok := w.(*os.File)
	if !ok {
		return false
	}
	st, err := f.Stat()
	return err == nil && st.Mode()&os.ModeCharDevice != 0
}
