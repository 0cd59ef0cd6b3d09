package mnist

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// fakeRepo makes a directory tree whose go.mod declares module, with the
// four (fake) files in testdata/mnist when withData, and returns its root.
func fakeRepo(t *testing.T, module string, withData bool) string {
	t.Helper()
	root := t.TempDir()
	write(t, filepath.Join(root, "go.mod"), []byte("// a comment\nmodule "+module+" // trailing\n\ngo 1.26.0\n"))
	data := filepath.Join(root, filepath.FromSlash(RepoSubdir))
	if err := os.MkdirAll(data, 0o755); err != nil {
		t.Fatal(err)
	}
	if withData {
		writeFakeMNIST(t, data, 3, 2)
	}
	sub := filepath.Join(root, "cmd", "mnist")
	if err := os.MkdirAll(sub, 0o755); err != nil {
		t.Fatal(err)
	}
	return root
}

// testLookup is a lookup whose every source is given: the environment
// holds only env (as MNIST_DIR), the working directory is wd, this file
// was compiled at src, and the cache directory is cache ("" fails).
func testLookup(env, wd, src, cache string) lookup {
	return lookup{
		getenv: func(k string) string {
			if k == "MNIST_DIR" {
				return env
			}
			return ""
		},
		getwd:   func() (string, error) { return wd, nil },
		srcFile: func() string { return src },
		cacheDir: func() (string, error) {
			if cache == "" {
				return "", errors.New("no home")
			}
			return cache, nil
		},
	}
}

// TestDirOrder checks each step of Dir's order: -data, $MNIST_DIR, the
// source tree's copy (found from the working directory, else from the
// compiled file's path), the cache directory.
func TestDirOrder(t *testing.T) {
	repo := fakeRepo(t, ModulePath, true)
	repoData := filepath.Join(repo, filepath.FromSlash(RepoSubdir))
	inRepo := filepath.Join(repo, "cmd", "mnist")
	srcInRepo := filepath.Join(repo, "dataset", "mnist", "locate.go")
	other := fakeRepo(t, "example.com/other", true) // another module, with data
	noData := fakeRepo(t, ModulePath, false)        // corten without the files
	outside := t.TempDir()
	cache := t.TempDir()
	cacheData := filepath.Join(cache, "corten", "mnist")

	for _, c := range []struct {
		name                 string
		flag, env, wd, src   string
		cache, want, wantErr string
	}{
		{name: "flag first", flag: "/flag", env: "/env", wd: inRepo, src: srcInRepo, cache: cache, want: "/flag"},
		{name: "then MNIST_DIR", env: "/env", wd: inRepo, src: srcInRepo, cache: cache, want: "/env"},
		{name: "then the tree of the working directory", wd: inRepo, src: "", cache: cache, want: repoData},
		{name: "from its root too", wd: repo, src: "", cache: cache, want: repoData},
		{name: "then the tree of the source file", wd: outside, src: srcInRepo, cache: cache, want: repoData},
		{name: "not another module's tree", wd: filepath.Join(other, "cmd", "mnist"), src: "", cache: cache, want: cacheData},
		{name: "not a tree without the files", wd: noData, src: "", cache: cache, want: cacheData},
		{name: "the source file after such a tree", wd: noData, src: srcInRepo, cache: cache, want: repoData},
		{name: "a -trimpath source path is no directory", wd: outside, src: ModulePath + "/dataset/mnist/locate.go", cache: cache, want: cacheData},
		{name: "then the cache", wd: outside, src: filepath.Join(outside, "x.go"), cache: cache, want: cacheData},
		{name: "no cache", wd: outside, src: "", wantErr: "no cache directory"},
	} {
		t.Run(c.name, func(t *testing.T) {
			got, err := testLookup(c.env, c.wd, c.src, c.cache).dir(c.flag)
			if c.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), c.wantErr) {
					t.Fatalf("dir = %q, %v; want error %q", got, err, c.wantErr)
				}
				return
			}
			if err != nil || got != c.want {
				t.Fatalf("dir = %q, %v; want %q", got, err, c.want)
			}
		})
	}
}

// TestLocateFallsToDownload: outside any source tree and with nothing
// cached, Locate downloads into the cache directory, then reuses it.
func TestLocateFallsToDownload(t *testing.T) {
	files, sums := fakeFiles()
	m := &fakeMirror{files: files}
	s := httptest.NewServer(m)
	defer s.Close()
	cache := t.TempDir()
	l := testLookup("", t.TempDir(), "", cache)
	d := &Downloader{Mirrors: []string{s.URL + "/"}, Sums: sums}
	want := filepath.Join(cache, "corten", "mnist")
	for round := 0; round < 2; round++ {
		got, err := l.locate(context.Background(), "", d)
		if err != nil || got != want {
			t.Fatalf("round %d: locate = %q, %v; want %q", round, got, err, want)
		}
	}
	if n := m.hits.Load(); n != 4 {
		t.Errorf("%d requests, want 4 (one per file, none once cached)", n)
	}
	if _, _, err := Load(want); err != nil {
		t.Fatal(err)
	}
}

// TestModulePath reads the module directive in its usual forms.
func TestModulePath(t *testing.T) {
	for in, want := range map[string]string{
		"module " + ModulePath + "\n":                ModulePath,
		"// x\nmodule \"" + ModulePath + "\" // y\n": ModulePath,
		"go 1.26\n": "",
		"module\n":  "",
	} {
		if got := modulePath(in); got != want {
			t.Errorf("modulePath(%q) = %q, want %q", in, got, want)
		}
	}
}

// repoData returns the repository's copy of MNIST. It is part of the
// repository, so a test fails without it, except outside CI when the
// files have been removed by hand.
func repoData(t *testing.T) string {
	t.Helper()
	dir, ok := RepoDir()
	if !ok {
		if os.Getenv("CI") == "true" {
			t.Fatalf("no MNIST files in %s of the source tree", RepoSubdir)
		}
		t.Skipf("no MNIST files in %s of the source tree", RepoSubdir)
	}
	return dir
}

// TestRepoCopy: from this package's directory RepoDir finds the
// repository's copy, whose files and SHA256SUMS match the embedded sums.
func TestRepoCopy(t *testing.T) {
	dir := repoData(t)
	if want, _ := filepath.Abs(filepath.Join("..", "..", filepath.FromSlash(RepoSubdir))); dir != want {
		t.Errorf("RepoDir = %q, want %q", dir, want)
	}
	b, err := os.ReadFile(filepath.Join(dir, "SHA256SUMS"))
	if err != nil {
		t.Fatal(err)
	}
	listed := 0
	for _, line := range strings.Split(strings.TrimSpace(string(b)), "\n") {
		f := strings.Fields(line)
		if len(f) != 2 || SHA256Sums[f[1]] != f[0] {
			t.Errorf("SHA256SUMS line %q does not match the embedded sums", line)
			continue
		}
		listed++
	}
	if listed != len(SHA256Sums) {
		t.Errorf("SHA256SUMS lists %d of the %d files", listed, len(SHA256Sums))
	}
	for name, want := range SHA256Sums {
		b, err := os.ReadFile(filepath.Join(dir, name))
		if err != nil {
			t.Fatal(err)
		}
		sum := sha256.Sum256(b)
		if got := hex.EncodeToString(sum[:]); got != want {
			t.Errorf("%s: SHA-256 %s, want %s", name, got, want)
		}
	}
}
