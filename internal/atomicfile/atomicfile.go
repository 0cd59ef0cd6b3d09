// Package atomicfile writes files so that readers see the old contents or
// the complete new ones, never a truncated mix, and reads files with a size
// bound. nn's model files and the example's reports go through it.
package atomicfile

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
)

// Write writes path atomically: write fills a temporary file in the same
// directory, which is synced and then renamed over path, so a crash or kill
// at any moment leaves either the old file or the complete new one. On
// error the temporary file is removed and path is untouched.
func Write(path string, write func(io.Writer) error) (err error) {
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
	// CreateTemp makes the file 0600; the result is an ordinary file.
	if err = f.Chmod(0o644); err != nil {
		return err
	}
	if err = f.Close(); err != nil {
		return err
	}
	if err = os.Rename(tmp, path); err != nil {
		return err
	}
	// Sync the directory so that the rename itself survives a crash; some
	// file systems cannot sync a directory, which is no reason to fail.
	if d, derr := os.Open(dir); derr == nil {
		serr := d.Sync()
		d.Close()
		if serr != nil && !errors.Is(serr, os.ErrInvalid) && !errors.Is(serr, errors.ErrUnsupported) {
			return serr
		}
	}
	return nil
}

// CheckWritable reports whether a file can be created at path, by creating
// and removing a temporary file in its directory, so that a program can
// check where it will save before it spends time on the work.
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

// Read reads the regular file at path, refusing anything else (a
// directory, a device such as /dev/zero, a FIFO that would block) and any
// file over limit bytes, checked from Stat and again while reading.
func Read(path string, limit int64) ([]byte, error) {
	// O_NONBLOCK keeps opening a FIFO from blocking; Stat then refuses it.
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
	if st.Size() > limit {
		return nil, fmt.Errorf("%s: %d bytes exceed the %d-byte limit", path, st.Size(), limit)
	}
	data, err := io.ReadAll(io.LimitReader(f, limit+1))
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	if int64(len(data)) > limit {
		return nil, fmt.Errorf("%s: grew past the %d-byte limit while being read", path, limit)
	}
	return data, nil
}
