package mnist

import (
	"bufio"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"strings"
)

// ModulePath is the module whose source tree ships the MNIST files in
// RepoSubdir; Dir recognises the tree by its go.mod.
const ModulePath = "github.com/corten-ml/corten"

// RepoSubdir is where the repository keeps its copy of the four files,
// relative to the module root.
const RepoSubdir = "testdata/mnist"

// lookup holds what Dir consults, so that tests can replace each source.
type lookup struct {
	getenv   func(string) string
	getwd    func() (string, error)
	srcFile  func() string // this file's path when it was compiled
	cacheDir func() (string, error)
}

var defaultLookup = lookup{
	getenv:   os.Getenv,
	getwd:    os.Getwd,
	srcFile:  thisFile,
	cacheDir: os.UserCacheDir,
}

// thisFile returns the path of this source file as the compiler saw it:
// absolute in a normal build, module-relative under -trimpath.
func thisFile() string {
	_, file, _, ok := runtime.Caller(0)
	if !ok {
		return ""
	}
	return file
}

// Dir chooses the data directory, in this order: flagDir if set; else
// $MNIST_DIR if set; else RepoDir's copy when running from corten's source
// tree and it holds all four files; else os.UserCacheDir()/corten/mnist,
// where Locate downloads what is missing.
func Dir(flagDir string) (string, error) { return defaultLookup.dir(flagDir) }

// RepoDir returns the testdata/mnist directory of corten's source tree if
// it holds all four files. It finds the tree by walking up from the
// working directory to the go.mod of ModulePath, and failing that from
// the directory this package was compiled from (so that `go run` of the
// command works from anywhere on the machine that built it). ok is false
// for an installed binary away from its source, or under -trimpath.
func RepoDir() (dir string, ok bool) { return defaultLookup.repoDir() }

func (l lookup) dir(flagDir string) (string, error) {
	if flagDir != "" {
		return flagDir, nil
	}
	if env := l.getenv("MNIST_DIR"); env != "" {
		return env, nil
	}
	if dir, ok := l.repoDir(); ok {
		return dir, nil
	}
	cache, err := l.cacheDir()
	if err != nil {
		return "", fmt.Errorf("mnist: no -data directory, MNIST_DIR unset, not in corten's source tree, and no cache directory: %v", err)
	}
	return filepath.Join(cache, "corten", "mnist"), nil
}

func (l lookup) repoDir() (string, bool) {
	var starts []string
	if wd, err := l.getwd(); err == nil {
		starts = append(starts, wd)
	}
	// Under -trimpath the path is relative to no directory on disk.
	if src := l.srcFile(); filepath.IsAbs(src) {
		starts = append(starts, filepath.Dir(src))
	}
	for _, start := range starts {
		root, ok := moduleRoot(start, ModulePath)
		if !ok {
			continue
		}
		dir := filepath.Join(root, filepath.FromSlash(RepoSubdir))
		if haveAll(dir) {
			return dir, true
		}
	}
	return "", false
}

// moduleRoot walks up from dir to the nearest directory holding a go.mod
// and reports whether that go.mod declares module path.
func moduleRoot(dir, path string) (string, bool) {
	dir = filepath.Clean(dir)
	for {
		if b, err := os.ReadFile(filepath.Join(dir, "go.mod")); err == nil {
			return dir, modulePath(string(b)) == path
		}
		up := filepath.Dir(dir)
		if up == dir {
			return "", false
		}
		dir = up
	}
}

// modulePath returns the path of the module directive in a go.mod file,
// or "" if it has none.
func modulePath(gomod string) string {
	sc := bufio.NewScanner(strings.NewReader(gomod))
	for sc.Scan() {
		line := sc.Text()
		if i := strings.Index(line, "//"); i >= 0 {
			line = line[:i]
		}
		f := strings.Fields(line)
		if len(f) == 2 && f[0] == "module" {
			return strings.Trim(f[1], "\"`")
		}
	}
	return ""
}

// missingFiles lists the files, as the mirrors name them, that dir lacks
// in either form.
func missingFiles(dir string) []string {
	var missing []string
	for _, n := range FileNames {
		if !haveFile(dir, strings.TrimSuffix(n, ".gz")) {
			missing = append(missing, n)
		}
	}
	return missing
}

// haveAll reports whether dir holds all four files.
func haveAll(dir string) bool { return len(missingFiles(dir)) == 0 }

// Locate returns the directory holding the four MNIST files (see Dir),
// downloading any that are missing with d (nil: a silent default
// Downloader). Existing files are used as they are; Load checks them.
func Locate(ctx context.Context, flagDir string, d *Downloader) (string, error) {
	return defaultLookup.locate(ctx, flagDir, d)
}

func (l lookup) locate(ctx context.Context, flagDir string, d *Downloader) (string, error) {
	dir, err := l.dir(flagDir)
	if err != nil {
		return "", err
	}
	missing := missingFiles(dir)
	if len(missing) == 0 {
		return dir, nil
	}
	if d == nil {
		d = &Downloader{}
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return "", &MissingFilesError{Dir: dir, Missing: missing, Err: err}
	}
	for _, n := range missing {
		if err := d.Fetch(ctx, dir, n); err != nil {
			return "", &MissingFilesError{Dir: dir, Missing: missing, Err: err}
		}
	}
	return dir, nil
}
