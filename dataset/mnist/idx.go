package mnist

import (
	"bufio"
	"compress/gzip"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"os"
)

// Magic numbers of the two IDX file kinds MNIST uses. The first two bytes
// are zero, the third is the element type (0x08: unsigned byte) and the
// fourth the number of dimensions.
const (
	ImagesMagic uint32 = 0x00000803 // ubyte, 3 dimensions: count, rows, cols
	LabelsMagic uint32 = 0x00000801 // ubyte, 1 dimension: count
)

// MaxIDXBytes bounds the payload ReadIDX accepts. The headers are
// untrusted: without a bound a corrupt header could claim terabytes.
// The MNIST training images are 47 MB, so 1 GiB leaves ample room.
const MaxIDXBytes = 1 << 30

// maxDims is the most dimensions an IDX header can declare that this
// reader accepts; MNIST uses 1 and 3.
const maxDims = 8

// IDX is the decoded content of an IDX file of unsigned bytes.
type IDX struct {
	Magic uint32 // the four magic bytes, big-endian
	Dims  []int  // size of each dimension, outermost first
	Data  []byte // the elements, row-major; len(Data) is the product of Dims
}

// ReadIDX decodes an IDX file of unsigned bytes from r. Gzip-compressed
// input is detected by its magic bytes and decompressed on the fly, so the
// files work as downloaded (.gz) or unpacked. It checks the magic number,
// that the payload holds exactly the number of bytes the dimensions imply
// (no more, no less), and the gzip checksum where there is one.
func ReadIDX(r io.Reader) (*IDX, error) {
	br := bufio.NewReader(r)
	head, err := br.Peek(2)
	if err == nil && head[0] == 0x1f && head[1] == 0x8b {
		zr, err := gzip.NewReader(br)
		if err != nil {
			return nil, fmt.Errorf("bad gzip header: %w", err)
		}
		// One gzip member only: MNIST files are single-member, and this
		// keeps garbage after the member from being taken for a second one.
		zr.Multistream(false)
		idx, err := readRawIDX(zr)
		if err != nil {
			return nil, err
		}
		if err := zr.Close(); err != nil {
			return nil, fmt.Errorf("gzip: %w", err)
		}
		return idx, nil
	}
	return readRawIDX(br)
}

// readRawIDX decodes an uncompressed IDX stream.
func readRawIDX(r io.Reader) (*IDX, error) {
	var hdr [4]byte
	if _, err := io.ReadFull(r, hdr[:]); err != nil {
		return nil, fmt.Errorf("truncated header (reading magic number): %w", unexpected(err))
	}
	magic := binary.BigEndian.Uint32(hdr[:])
	if hdr[0] != 0 || hdr[1] != 0 {
		return nil, fmt.Errorf("bad magic number 0x%08x: not an IDX file (first two bytes must be zero)", magic)
	}
	if hdr[2] != 0x08 {
		return nil, fmt.Errorf("bad magic number 0x%08x: element type 0x%02x is not unsigned byte (0x08)", magic, hdr[2])
	}
	nd := int(hdr[3])
	if nd == 0 || nd > maxDims {
		return nil, fmt.Errorf("bad magic number 0x%08x: %d dimensions (want 1 to %d)", magic, nd, maxDims)
	}
	dimBuf := make([]byte, 4*nd)
	if _, err := io.ReadFull(r, dimBuf); err != nil {
		return nil, fmt.Errorf("truncated header (reading %d dimensions): %w", nd, unexpected(err))
	}
	dims := make([]int, nd)
	size := int64(1)
	for i := range dims {
		d := binary.BigEndian.Uint32(dimBuf[4*i:])
		dims[i] = int(d)
		// Multiply in int64 with a bound check at every step, so the
		// product cannot overflow whatever the header says.
		size *= int64(d)
		if size > MaxIDXBytes {
			return nil, fmt.Errorf("dimensions %v exceed the %d-byte limit", dims[:i+1], MaxIDXBytes)
		}
	}
	// Read through a LimitReader rather than allocating size bytes up front:
	// a truncated file that claims a huge payload then costs only what it
	// really holds. One extra byte detects trailing data.
	data, err := io.ReadAll(io.LimitReader(r, size+1))
	if err != nil {
		return nil, fmt.Errorf("reading data: %w", err)
	}
	if int64(len(data)) < size {
		return nil, fmt.Errorf("truncated data: dimensions %v need %d bytes, file has %d", dims, size, len(data))
	}
	if int64(len(data)) > size {
		return nil, fmt.Errorf("trailing data after the %d bytes that dimensions %v need", size, dims)
	}
	return &IDX{Magic: magic, Dims: dims, Data: data}, nil
}

// unexpected turns a clean EOF inside a fixed-size field into
// io.ErrUnexpectedEOF, which reads better in a message about truncation.
func unexpected(err error) error {
	if errors.Is(err, io.EOF) {
		return io.ErrUnexpectedEOF
	}
	return err
}

// ReadIDXFile reads an IDX file (raw or gzipped) from disk. Errors name
// the file.
func ReadIDXFile(path string) (*IDX, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	idx, err := ReadIDX(f)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return idx, nil
}

// Images checks that idx is an IDX image file (magic 0x00000803, three
// non-zero dimensions) and returns its image count, rows and columns.
func (idx *IDX) Images() (n, rows, cols int, err error) {
	if idx.Magic != ImagesMagic {
		return 0, 0, 0, fmt.Errorf("magic number 0x%08x is not an image file (want 0x%08x)", idx.Magic, ImagesMagic)
	}
	rows, cols = idx.Dims[1], idx.Dims[2]
	if rows == 0 || cols == 0 {
		return 0, 0, 0, fmt.Errorf("images of %dx%d pixels", rows, cols)
	}
	return idx.Dims[0], rows, cols, nil
}

// Labels checks that idx is an IDX label file (magic 0x00000801) whose
// labels are all below classes, and returns the labels.
func (idx *IDX) Labels(classes int) ([]uint8, error) {
	if idx.Magic != LabelsMagic {
		return nil, fmt.Errorf("magic number 0x%08x is not a label file (want 0x%08x)", idx.Magic, LabelsMagic)
	}
	for i, l := range idx.Data {
		if int(l) >= classes {
			return nil, fmt.Errorf("label %d at index %d is out of range (want < %d)", l, i, classes)
		}
	}
	return idx.Data, nil
}
