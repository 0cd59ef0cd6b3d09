// Package progress draws the per-epoch progress display of cmd/mnist: a
// line redrawn in place on a terminal, occasional plain lines otherwise
// (logs, CI), so that redirected output is not full of carriage returns.
package progress

import (
	"io"
	"os"
	"strconv"
	"time"
)

// IsTerminal reports whether f is a character device (a terminal).
func IsTerminal(f *os.File) bool {
	st, err := f.Stat()
	return err == nil && st.Mode()&os.ModeCharDevice != 0
}

// Bar reports the progress of one epoch at a time. Update allocates
// nothing, so it can be called from a training loop every step.
type Bar struct {
	w        io.Writer
	terminal bool
	every    time.Duration // least time between two draws
	label    string
	total    int
	done     int
	loss     float64
	start    time.Time
	last     time.Time
	buf      []byte // reused line buffer
	drawn    bool   // a terminal line is showing and must be cleared
}

// New returns a Bar writing to w; terminal selects in-place redrawing
// (10 times a second) over plain lines (at most one every 10 seconds).
func New(w io.Writer, terminal bool) *Bar {
	b := &Bar{w: w, terminal: terminal, every: 10 * time.Second, buf: make([]byte, 0, 128)}
	if terminal {
		b.every = 100 * time.Millisecond
	}
	return b
}

// Start begins a new epoch of total samples, named label ("epoch 3/10").
func (b *Bar) Start(label string, total int) {
	b.label, b.total, b.done, b.loss = label, total, 0, 0
	b.start = time.Now()
	b.last = b.start
}

// Update records that done samples have been processed with running mean
// loss, drawing if enough time has passed since the last draw.
func (b *Bar) Update(done int, loss float64) {
	b.done, b.loss = done, loss
	if b.w == nil {
		return
	}
	now := time.Now()
	if now.Sub(b.last) < b.every {
		return
	}
	b.last = now
	b.draw(now)
}

// draw formats with strconv's Append functions into a reused buffer,
// which keeps Update free of allocations.
func (b *Bar) draw(now time.Time) {
	const width = 30
	line := b.buf[:0]
	if b.terminal {
		line = append(line, '\r')
	}
	line = append(line, b.label...)
	if b.terminal {
		line = append(line, " ["...)
		fill := 0
		if b.total > 0 {
			fill = width * b.done / b.total
		}
		for i := 0; i < width; i++ {
			if i < fill {
				line = append(line, '=')
			} else {
				line = append(line, ' ')
			}
		}
		line = append(line, ']')
	}
	line = append(line, ' ')
	line = strconv.AppendInt(line, int64(b.done), 10)
	line = append(line, '/')
	line = strconv.AppendInt(line, int64(b.total), 10)
	line = append(line, "  loss "...)
	line = strconv.AppendFloat(line, b.loss, 'f', 4, 64)
	line = append(line, "  "...)
	if s := now.Sub(b.start).Seconds(); s > 0 {
		line = strconv.AppendFloat(line, float64(b.done)/s, 'f', 0, 64)
	} else {
		line = append(line, '-')
	}
	line = append(line, " samples/s"...)
	if b.terminal {
		line = append(line, "\x1b[K"...) // erase the rest of a longer old line
		b.drawn = true
	} else {
		line = append(line, '\n')
	}
	b.buf = line
	b.w.Write(line)
}

// Done ends the epoch, clearing the terminal line so that the caller's
// summary line takes its place.
func (b *Bar) Done() {
	if b.w != nil && b.terminal && b.drawn {
		b.w.Write([]byte("\r\x1b[K"))
		b.drawn = false
	}
}
