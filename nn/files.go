package nn

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"math"
	"os"
	"path/filepath"
)

// MaxFileBytes bounds the size of a model or optimizer file the loaders
// read (4 GiB): a larger file, or one that grows past the limit while
// being read, is refused before it can exhaust memory.
var MaxFileBytes int64 = 4 << 30

// readFile reads the regular file at path, refusing anything else (a
// directory, a device such as /dev/zero, a FIFO that would block) and any
// file over MaxFileBytes, checked from Stat and again while reading.
func readFile(path string) ([]byte, error) {
	// O_NONBLOCK keeps a FIFO from blocking the open; Stat then refuses it.
	f, err := os.OpenFile(path, os.O_RDONLY|nonblock, 0)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return nil, err
	}
	if !st.Mode().IsRegular() {
		return nil, fmt.Errorf("%s is not a regular file (%v)", path, st.Mode().Type())
	}
	if st.Size() > MaxFileBytes {
		return nil, fmt.Errorf("%s: %d bytes exceed the %d-byte limit", path, st.Size(), MaxFileBytes)
	}
	data, err := io.ReadAll(io.LimitReader(f, MaxFileBytes+1))
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	if int64(len(data)) > MaxFileBytes {
		return nil, fmt.Errorf("%s: grew past the %d-byte limit while being read", path, MaxFileBytes)
	}
	return data, nil
}

// writeFile writes path atomically: write fills a temporary file in the
// same directory, which is synced and then renamed over path, so a crash
// or kill at any moment leaves either the old file or the complete new
// one, never a truncated mix. Errors name the path.
func writeFile(path string, write func(io.Writer) error) (err error) {
	defer func() {
		if err != nil {
			err = fmt.Errorf("nn: save %s: %w", path, err)
		}
	}()
	dir, base := filepath.Split(path)
	if dir == "" {
		dir = "."
	}
	f, err := os.CreateTemp(dir, "."+base+".tmp*")
	if err != nil {
		return err
	}
	tmp := f.Name()
	defer func() {
		if err != nil {
			f.Close()
			os.Remove(tmp)
		}
	}()
	bw := bufio.NewWriter(f)
	if err = write(bw); err != nil {
		return err
	}
	if err = bw.Flush(); err != nil {
		return err
	}
	if err = f.Sync(); err != nil {
		return err
	}
	// CreateTemp makes the file 0600; a saved model is an ordinary file.
	if err = f.Chmod(0o644); err != nil {
		return err
	}
	if err = f.Close(); err != nil {
		return err
	}
	if err = os.Rename(tmp, path); err != nil {
		return err
	}
	// Sync the directory so the rename itself survives a crash; some file
	// systems refuse to sync a directory, which is no reason to fail.
	if d, derr := os.Open(dir); derr == nil {
		if serr := d.Sync(); serr != nil && !errors.Is(serr, os.ErrInvalid) {
			d.Close()
			return serr
		}
		d.Close()
	}
	return nil
}

// CheckWritable reports whether a file can be created at path, by creating
// and removing a temporary file in its directory: a program that will save
// its results after a long run checks its destination first.
func CheckWritable(path string) error {
	dir, base := filepath.Split(path)
	if dir == "" {
		dir = "."
	}
	if st, err := os.Stat(path); err == nil && st.IsDir() {
		return fmt.Errorf("%s is a directory", path)
	}
	f, err := os.CreateTemp(dir, "."+base+".check*")
	if err != nil {
		return fmt.Errorf("cannot write %s: %w", path, err)
	}
	name := f.Name()
	f.Close()
	return os.Remove(name)
}

// CheckFinite returns an error naming the first parameter that holds a NaN
// or an infinity, and where: a diverged model.
func CheckFinite(params []Param) error {
	for _, p := range params {
		for i, v := range p.Value.Data() {
			if math.IsNaN(float64(v)) || math.IsInf(float64(v), 0) {
				return fmt.Errorf("parameter %q holds %v at element %d (training diverged?)", p.Name, v, i)
			}
		}
	}
	return nil
}
