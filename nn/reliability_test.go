package nn

import (
	"bytes"
	"fmt"
	"io"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/corten-ml/corten/tensor"
)

func TestBuildRejectsHugeLayers(t *testing.T) {
	for _, spec := range []string{
		"linear(1073741824,1073741824)",
		"linear(784,1073741824),relu",
		"conv2d(100000,100000,100)",
		"conv2d(1073741824,1073741824,1073741824)",
	} {
		func() {
			defer func() {
				if r := recover(); r != nil {
					t.Errorf("Build(%q) panicked: %v", spec, r)
				}
			}()
			m, err := Build(spec, tensor.NewRand(1))
			if err == nil || !strings.Contains(err.Error(), "limit") && !strings.Contains(err.Error(), "overflows") {
				t.Errorf("Build(%q) = %v, %v; want an error naming the limit", spec, m, err)
			}
		}()
	}
}

// hostileModel returns a valid safetensors file holding one small tensor
// but claiming the architecture arch.
func hostileModel(t *testing.T, arch string) []byte {
	t.Helper()
	var buf bytes.Buffer
	ts := []NamedTensor{{"0.weight", tensor.New(10, 10)}, {"0.bias", tensor.New(10)}}
	if err := WriteSafetensors(&buf, ts, map[string]string{"arch": arch}); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func TestReadModelBoundsEveryLayerBeforeAllocating(t *testing.T) {
	for _, arch := range []string{
		"conv2d(1000,1000,20)",
		"conv2d(100000,100000,100)",
		"linear(10,10),relu,linear(100000,100000)",
		"linear(10,10),conv2d(1,1000,1000)",
	} {
		data := hostileModel(t, arch)
		var before, after runtime.MemStats
		runtime.ReadMemStats(&before)
		_, _, err := ReadModel(data)
		runtime.ReadMemStats(&after)
		if err == nil {
			t.Errorf("ReadModel with arch %q succeeded", arch)
			continue
		}
		if grew := after.TotalAlloc - before.TotalAlloc; grew > 16<<20 {
			t.Errorf("arch %q: allocated %d bytes before failing (%v)", arch, grew, err)
		}
	}
}

func TestLoadModelRefusesNonRegularAndHugeFiles(t *testing.T) {
	if _, _, err := LoadModel("/dev/zero"); err == nil || !strings.Contains(err.Error(), "not a regular file") {
		t.Errorf("LoadModel(/dev/zero) = %v, want a refusal", err)
	}
	dir := t.TempDir()
	if _, _, err := LoadModel(dir); err == nil || !strings.Contains(err.Error(), "not a regular file") {
		t.Errorf("LoadModel(directory) = %v, want a refusal", err)
	}
	fifo := filepath.Join(dir, "fifo")
	if err := syscall.Mkfifo(fifo, 0o600); err == nil {
		done := make(chan error, 1)
		go func() { _, _, err := LoadModel(fifo); done <- err }()
		select {
		case err := <-done:
			if err == nil || !strings.Contains(err.Error(), "not a regular file") {
				t.Errorf("LoadModel(fifo) = %v, want a refusal", err)
			}
		case <-time.After(10 * time.Second):
			t.Fatal("LoadModel on a FIFO hangs")
		}
	}
	path := filepath.Join(dir, "m.safetensors")
	m := MustBuild("linear(4,3)", tensor.NewRand(1))
	if err := SaveModel(path, m, nil, nil); err != nil {
		t.Fatal(err)
	}
	old := MaxFileBytes
	t.Cleanup(func() { MaxFileBytes = old }) // a package variable: not parallel
	MaxFileBytes = 16
	if _, _, err := LoadModel(path); err == nil || !strings.Contains(err.Error(), "limit") {
		t.Errorf("LoadModel over MaxFileBytes = %v, want a refusal", err)
	}
}

func TestSaveModelRefusesNonFiniteAndKeepsTheOldFile(t *testing.T) {
	path := filepath.Join(t.TempDir(), "good.safetensors")
	m := MustBuild("linear(4,3)", tensor.NewRand(1))
	if err := SaveModel(path, m, nil, nil); err != nil {
		t.Fatal(err)
	}
	good, _ := os.ReadFile(path)
	for _, bad := range []float32{float32(math.NaN()), float32(math.Inf(1)), float32(math.Inf(-1))} {
		m.Params()[0].Value.Data()[5] = bad
		err := SaveModel(path, m, nil, nil)
		if err == nil || !strings.Contains(err.Error(), `"0.weight"`) {
			t.Errorf("saving a model holding %v: %v, want an error naming 0.weight", bad, err)
		}
		if now, _ := os.ReadFile(path); !bytes.Equal(now, good) {
			t.Errorf("a refused save of %v changed the file", bad)
		}
	}
	entries, _ := os.ReadDir(filepath.Dir(path))
	if len(entries) != 1 {
		t.Errorf("the directory holds %d entries after refused saves, want 1", len(entries))
	}
}

func TestSaveIntoMissingDirectoryFails(t *testing.T) {
	path := filepath.Join(t.TempDir(), "missing", "m.safetensors")
	if err := CheckWritable(path); err == nil {
		t.Error("CheckWritable into a missing directory succeeded")
	}
	if err := CheckWritable(filepath.Dir(filepath.Dir(path))); err == nil {
		t.Error("CheckWritable of a directory succeeded")
	}
	m := MustBuild("linear(4,3)", tensor.NewRand(1))
	if err := SaveModel(path, m, nil, nil); err == nil || !strings.Contains(err.Error(), path) {
		t.Errorf("SaveModel into a missing directory: %v", err)
	}
}

// TestKillDuringSave kills a child process in the middle of writing a model
// over an existing one, and checks that the old file is intact.
func TestKillDuringSave(t *testing.T) {
	if testing.Short() {
		t.Skip("starts a child process")
	}
	path := filepath.Join(t.TempDir(), "m.safetensors")
	m := MustBuild("linear(4,3)", tensor.NewRand(1))
	if err := SaveModel(path, m, nil, nil); err != nil {
		t.Fatal(err)
	}
	good, _ := os.ReadFile(path)
	cmd := exec.Command(os.Args[0], "-test.run=^TestKillDuringSaveChild$")
	cmd.Env = append(os.Environ(), "CORTEN_KILL_SAVE_CHILD="+path)
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Skipf("cannot start a child process: %v", err)
	}
	ready := make([]byte, 5)
	if _, err := out.Read(ready); err != nil || string(ready) != "ready" {
		cmd.Process.Kill()
		t.Fatalf("child said %q, %v", ready, err)
	}
	cmd.Process.Kill()
	cmd.Wait()
	now, err := os.ReadFile(path)
	if err != nil || !bytes.Equal(now, good) {
		t.Fatalf("after a kill during save the file reads %d bytes (%v), want the old %d", len(now), err, len(good))
	}
	if _, _, err := LoadModel(path); err != nil {
		t.Fatalf("the old file no longer loads: %v", err)
	}
}

// TestKillDuringSaveChild is the child of TestKillDuringSave: it starts a
// save whose writer stops half-way and waits to be killed.
func TestKillDuringSaveChild(t *testing.T) {
	path := os.Getenv("CORTEN_KILL_SAVE_CHILD")
	if path == "" {
		t.Skip("run by TestKillDuringSave")
	}
	m := MustBuild("linear(64,64)", tensor.NewRand(2))
	writeFile(path, func(w io.Writer) error {
		if err := WriteModel(io.Discard, m, nil, nil); err != nil {
			return err
		}
		w.Write(make([]byte, 1<<20)) // half a file, past the buffer
		fmt.Print("ready")
		os.Stdout.Sync()
		time.Sleep(time.Minute)
		return nil
	})
}

func TestEvaluateRejectsBadBatchSize(t *testing.T) {
	m := MustBuild("linear(4,3)", tensor.NewRand(1))
	x := tensor.New(5, 4)
	for _, bs := range []int{0, -1} {
		func() {
			defer func() {
				msg, _ := recover().(string)
				if !strings.Contains(msg, "batch size") {
					t.Errorf("Evaluate with batch size %d: panic %q, want one naming the batch size", bs, msg)
				}
			}()
			Evaluate(m, x, make([]int, 5), bs)
		}()
	}
}
