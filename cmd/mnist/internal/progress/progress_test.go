package progress

import (
	"bytes"
	"os"
	"strings"
	"testing"
	"time"
)

func TestPlain(t *testing.T) {
	var out bytes.Buffer
	b := New(&out, false)
	b.every = 0 // draw on every update
	b.Start("epoch 1/2", 100)
	b.Update(50, 0.25)
	b.Done()
	got := out.String()
	if strings.Contains(got, "\r") || !strings.Contains(got, "epoch 1/2 50/100  loss 0.2500") || !strings.HasSuffix(got, "samples/s\n") {
		t.Fatalf("plain output %q", got)
	}
}

func TestTerminal(t *testing.T) {
	var out bytes.Buffer
	b := New(&out, true)
	b.every = 0
	b.Start("epoch 2/2", 60)
	b.Update(30, 1.5)
	b.Done()
	got := out.String()
	if !strings.HasPrefix(got, "\repoch 2/2 [===============               ] 30/60  loss 1.5000") || !strings.HasSuffix(got, "\r\x1b[K") {
		t.Fatalf("terminal output %q", got)
	}
}

func TestThrottleAndAllocs(t *testing.T) {
	var out bytes.Buffer
	out.Grow(1 << 16)
	b := New(&out, true)
	b.Start("e", 10)
	b.Update(1, 1) // within 100 ms of Start: no draw
	if out.Len() != 0 {
		t.Fatalf("drew too early: %q", out.String())
	}
	b.every = 0
	b.Update(1, 1)
	if n := testing.AllocsPerRun(100, func() { b.Update(5, 0.5) }); n != 0 {
		t.Fatalf("Update (drawing) allocates %v times", n)
	}
	b.every = time.Hour
	if n := testing.AllocsPerRun(100, func() { b.Update(5, 0.5) }); n != 0 {
		t.Fatalf("Update allocates %v times", n)
	}
}

func TestIsTerminal(t *testing.T) {
	f, err := os.CreateTemp(t.TempDir(), "x")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if IsTerminal(f) {
		t.Fatal("a regular file is not a terminal")
	}
}
