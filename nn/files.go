package nn

import (
	"fmt"
	"io"
	"math"

	"github.com/corten-ml/corten/internal/atomicfile"
)

// MaxFileBytes bounds the size of a model or optimizer file the loaders
// read (4 GiB): a larger file, or one that grows past the limit while
// being read, is refused before it can exhaust memory.
var MaxFileBytes int64 = 4 << 30

// readFile reads a model or optimizer file: a regular file of at most
// MaxFileBytes (not a device, FIFO or directory).
func readFile(path string) ([]byte, error) { return atomicfile.Read(path, MaxFileBytes) }

// writeFile writes path atomically (temporary file in the same directory,
// fsync, rename), so a crash or kill at any moment leaves either the old
// file or the complete new one. Errors name the path.
func writeFile(path string, write func(io.Writer) error) error {
	if err := atomicfile.Write(path, write); err != nil {
		return fmt.Errorf("nn: save %s: %w", path, err)
	}
	return nil
}

// CheckWritable reports whether a file can be created at path, by creating
// and removing a temporary file in its directory: a program that will save
// its results after a long run checks its destination first.
func CheckWritable(path string) error { return atomicfile.CheckWritable(path) }

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
