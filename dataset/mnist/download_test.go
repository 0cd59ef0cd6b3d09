package mnist

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
)

// fakeMirror serves files from a map and counts requests.
type fakeMirror struct {
	files map[string][]byte
	hits  atomic.Int32
}

func (m *fakeMirror) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	m.hits.Add(1)
	b, ok := m.files[filepath.Base(r.URL.Path)]
	if !ok {
		http.NotFound(w, r)
		return
	}
	w.Write(b)
}

// fakeFiles returns a small gzipped MNIST set and its SHA-256 sums.
func fakeFiles() (map[string][]byte, map[string]string) {
	img, lab := fakeSet(10)
	timg, tlab := fakeSet(4)
	files := map[string][]byte{
		TrainImagesFile + ".gz": gz(idxBytes([]int{10, Rows, Cols}, img)),
		TrainLabelsFile + ".gz": gz(idxBytes([]int{10}, lab)),
		TestImagesFile + ".gz":  gz(idxBytes([]int{4, Rows, Cols}, timg)),
		TestLabelsFile + ".gz":  gz(idxBytes([]int{4}, tlab)),
	}
	sums := map[string]string{}
	for n, b := range files {
		s := sha256.Sum256(b)
		sums[n] = hex.EncodeToString(s[:])
	}
	return files, sums
}

func TestLocateDownloadsWithFallback(t *testing.T) {
	files, sums := fakeFiles()
	// The first mirror serves corrupt content for one file and lacks
	// another; the second has everything.
	bad := map[string][]byte{
		TrainImagesFile + ".gz": append([]byte("junk"), files[TrainImagesFile+".gz"]...),
		TrainLabelsFile + ".gz": files[TrainLabelsFile+".gz"],
		TestImagesFile + ".gz":  files[TestImagesFile+".gz"],
	}
	m1 := &fakeMirror{files: bad}
	m2 := &fakeMirror{files: files}
	s1, s2 := httptest.NewServer(m1), httptest.NewServer(m2)
	defer s1.Close()
	defer s2.Close()

	dir := filepath.Join(t.TempDir(), "cache", "mnist")
	var progress bytes.Buffer
	d := &Downloader{Mirrors: []string{s1.URL + "/mnist/", s2.URL + "/mnist"}, Sums: sums, Progress: &progress}
	got, err := Locate(context.Background(), dir, d)
	if err != nil {
		t.Fatal(err)
	}
	if got != dir {
		t.Fatalf("Locate = %q, want %q", got, dir)
	}
	if m1.hits.Load() != 4 || m2.hits.Load() != 2 {
		t.Errorf("mirror hits %d, %d; want 4, 2", m1.hits.Load(), m2.hits.Load())
	}
	for n, want := range files {
		b, err := os.ReadFile(filepath.Join(dir, n))
		if err != nil || !bytes.Equal(b, want) {
			t.Errorf("%s: not downloaded intact (%v)", n, err)
		}
	}
	// No temporary files are left behind.
	entries, _ := os.ReadDir(dir)
	if len(entries) != 4 {
		t.Errorf("dir holds %d entries, want 4", len(entries))
	}
	if !strings.Contains(progress.String(), "downloaded "+TestLabelsFile+".gz") {
		t.Errorf("progress output: %q", progress.String())
	}
	if _, _, err := Load(dir); err != nil {
		t.Fatal(err)
	}

	// A second Locate finds everything and downloads nothing.
	m1.hits.Store(0)
	m2.hits.Store(0)
	if _, err := Locate(context.Background(), dir, d); err != nil {
		t.Fatal(err)
	}
	if m1.hits.Load()+m2.hits.Load() != 0 {
		t.Error("Locate downloaded files that exist")
	}
}

func TestFetchChecksumMismatch(t *testing.T) {
	files, sums := fakeFiles()
	name := TrainLabelsFile + ".gz"
	sums[name] = strings.Repeat("0", 64)
	s := httptest.NewServer(&fakeMirror{files: files})
	defer s.Close()
	dir := t.TempDir()
	d := &Downloader{Mirrors: []string{s.URL + "/"}, Sums: sums, Terminal: true, Progress: &bytes.Buffer{}}
	err := d.Fetch(context.Background(), dir, name)
	if err == nil || !strings.Contains(err.Error(), "SHA-256 mismatch") {
		t.Fatalf("err = %v", err)
	}
	entries, _ := os.ReadDir(dir)
	if len(entries) != 0 {
		t.Errorf("a failed download left %d files", len(entries))
	}
}

func TestLocateOffline(t *testing.T) {
	// A server that is closed refuses connections: the offline case.
	s := httptest.NewServer(http.NotFoundHandler())
	url := s.URL + "/"
	s.Close()
	dir := t.TempDir()
	_, err := Locate(context.Background(), dir, &Downloader{Mirrors: []string{url}})
	var mf *MissingFilesError
	if !errors.As(err, &mf) {
		t.Fatalf("err = %v, want a MissingFilesError", err)
	}
	msg := err.Error()
	for _, want := range append([]string{"MNIST_DIR", "-data", dir}, FileNames...) {
		if !strings.Contains(msg, want) {
			t.Errorf("message lacks %q:\n%s", want, msg)
		}
	}
}
