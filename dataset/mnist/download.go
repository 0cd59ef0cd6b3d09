package mnist

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"time"
)

// DefaultMirrors are the servers tried, in order, for missing files. Both
// serve the original gzipped files under their usual names.
var DefaultMirrors = []string{
	"https://ossci-datasets.s3.amazonaws.com/mnist/",
	"https://storage.googleapis.com/cvdf-datasets/mnist/",
}

// SHA256Sums are the digests of the four gzipped files; a download that
// does not match is discarded.
var SHA256Sums = map[string]string{
	"t10k-images-idx3-ubyte.gz":  "8d422c7b0a1c1c79245a5bcf07fe86e33eeafee792b84584aec276f5a2dbc4e6",
	"t10k-labels-idx1-ubyte.gz":  "f7ae60f92e00ec6debd23a6088c31dbd2371eca3ffa0defaefb259924204aec6",
	"train-images-idx3-ubyte.gz": "440fcabf73cc546fa21475e81ea370265605f56be210a4024d2ca8f203523609",
	"train-labels-idx1-ubyte.gz": "3552534a0a558bbed6aed32b30c495cca23d567ec52cac8be1a0730e8010255c",
}

// Downloader fetches missing MNIST files. The zero value uses
// DefaultMirrors, SHA256Sums and http.DefaultClient, and reports nothing.
type Downloader struct {
	Mirrors  []string          // base URLs ending in "/"; nil: DefaultMirrors
	Sums     map[string]string // file name -> hex SHA-256; nil: SHA256Sums
	Client   *http.Client      // nil: a client with a 10-minute limit per file
	Progress io.Writer         // where to report progress (os.Stderr); nil: silent
	// Terminal selects a redrawn one-line progress display; otherwise
	// Progress gets one plain line per file.
	Terminal bool
}

func (d *Downloader) mirrors() []string {
	if d.Mirrors != nil {
		return d.Mirrors
	}
	return DefaultMirrors
}

func (d *Downloader) sums() map[string]string {
	if d.Sums != nil {
		return d.Sums
	}
	return SHA256Sums
}

// defaultClient bounds a download so that a stalled connection fails
// rather than hanging; the largest file is under 10 MB.
var defaultClient = &http.Client{Timeout: 10 * time.Minute}

// MissingFilesError is returned by Locate when files are missing and could
// not be downloaded. Its message tells the user how to supply them.
type MissingFilesError struct {
	Dir     string   // where the files were looked for
	Missing []string // the files not found, as the mirrors name them
	Err     error    // why the download failed
}

// Error says which files are missing and how to supply them.
func (e *MissingFilesError) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "mnist: %s lacks %s, and downloading failed:\n", e.Dir, strings.Join(e.Missing, ", "))
	for _, line := range strings.Split(e.Err.Error(), "\n") {
		fmt.Fprintf(&b, "\t%s\n", line)
	}
	b.WriteString("To supply the data by hand, download the four files\n")
	for _, n := range FileNames {
		fmt.Fprintf(&b, "\t%s\n", n)
	}
	fmt.Fprintf(&b, "from %s (or %s) into a directory DIR\n", DefaultMirrors[0], DefaultMirrors[1])
	b.WriteString("and set MNIST_DIR=DIR or pass -data DIR (gzipped or unpacked files both work).")
	return b.String()
}

// Unwrap returns the download error, if any, behind the missing files.
func (e *MissingFilesError) Unwrap() error { return e.Err }

// Fetch downloads the file name into dir, trying each mirror in turn until
// one serves content with the expected SHA-256. The file appears under its
// final name only when complete and verified (temp file, then rename).
func (d *Downloader) Fetch(ctx context.Context, dir, name string) error {
	want, ok := d.sums()[name]
	if !ok {
		return fmt.Errorf("mnist: no SHA-256 known for %s", name)
	}
	var errs []error
	for _, m := range d.mirrors() {
		url := strings.TrimSuffix(m, "/") + "/" + name
		err := d.fetchOne(ctx, url, filepath.Join(dir, name), want)
		if err == nil {
			return nil
		}
		errs = append(errs, err)
		if ctx.Err() != nil {
			break
		}
	}
	return errors.Join(errs...)
}

// fetchOne downloads url to dst via a temporary file in the same
// directory, so the rename is atomic and an interrupted or corrupt
// download never leaves a file that looks complete.
func (d *Downloader) fetchOne(ctx context.Context, url, dst, wantSum string) (err error) {
	client := d.Client
	if client == nil {
		client = defaultClient
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
	if err != nil {
		return err
	}
	resp, err := client.Do(req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return fmt.Errorf("GET %s: %s", url, resp.Status)
	}
	tmp, err := os.CreateTemp(filepath.Dir(dst), filepath.Base(dst)+".*.tmp")
	if err != nil {
		return err
	}
	defer func() {
		if err != nil {
			tmp.Close()
			os.Remove(tmp.Name())
		}
	}()
	h := sha256.New()
	pw := &progressWriter{out: d.Progress, terminal: d.Terminal, name: filepath.Base(dst), total: resp.ContentLength}
	pw.start()
	n, err := io.Copy(io.MultiWriter(tmp, h, pw), resp.Body)
	pw.finish(err)
	if err != nil {
		return fmt.Errorf("GET %s: %w", url, err)
	}
	if resp.ContentLength >= 0 && n != resp.ContentLength {
		return fmt.Errorf("GET %s: got %d of %d bytes", url, n, resp.ContentLength)
	}
	if got := hex.EncodeToString(h.Sum(nil)); got != wantSum {
		return fmt.Errorf("GET %s: SHA-256 mismatch: got %s, want %s", url, got, wantSum)
	}
	if err = tmp.Sync(); err != nil {
		return err
	}
	if err = tmp.Close(); err != nil {
		return err
	}
	return os.Rename(tmp.Name(), dst)
}

// progressWriter counts bytes and reports them, throttled so that a fast
// download does not flood the terminal.
type progressWriter struct {
	out      io.Writer
	terminal bool
	name     string
	total    int64 // -1 when the server sent no length
	done     int64
	began    time.Time
	last     time.Time
}

func (p *progressWriter) start() {
	p.began = time.Now()
	if p.out != nil && !p.terminal {
		fmt.Fprintf(p.out, "downloading %s (%s)\n", p.name, mb(p.total))
	}
}

// Write counts the bytes passing through and redraws the progress line.
func (p *progressWriter) Write(b []byte) (int, error) {
	p.done += int64(len(b))
	if p.out != nil && p.terminal && time.Since(p.last) > 100*time.Millisecond {
		p.last = time.Now()
		p.draw()
	}
	return len(b), nil
}

func (p *progressWriter) draw() {
	if p.total > 0 {
		fmt.Fprintf(p.out, "\rdownloading %s: %3d%% of %s", p.name, 100*p.done/p.total, mb(p.total))
	} else {
		fmt.Fprintf(p.out, "\rdownloading %s: %s", p.name, mb(p.done))
	}
}

func (p *progressWriter) finish(err error) {
	if p.out == nil {
		return
	}
	if p.terminal {
		p.draw()
		if err != nil {
			fmt.Fprintf(p.out, " failed\n")
		} else {
			fmt.Fprintf(p.out, " in %.1fs\n", time.Since(p.began).Seconds())
		}
	} else if err == nil {
		fmt.Fprintf(p.out, "downloaded %s (%s) in %.1fs\n", p.name, mb(p.done), time.Since(p.began).Seconds())
	}
}

func mb(n int64) string {
	if n < 0 {
		return "unknown size"
	}
	return fmt.Sprintf("%.1f MB", float64(n)/1e6)
}
