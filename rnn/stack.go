package rnn

import (
	"fmt"

	"github.com/corten-ml/corten/kernels"
)

// Stack is a stack of recurrent layers of one cell type (PyTorch's
// num_layers), with the workspace of a forward pass that backward reads.
// Each layer keeps its gate activations, its state sequence (and, for an
// LSTM, the cell states and their tanh) for every step, in buffers sized
// for the largest N·T seen and reused, so the steady state allocates
// nothing.
//
// A Stack is not safe for concurrent use.
type Stack struct {
	Cell          Cell
	In, Hidden    int
	layers        []layer
	n, t          int       // the shape of the last Forward
	xs, dxs, dtop []float32 // time-major input (rows of In+1, see Forward), its gradient, top gradient
	job           stepJob   // the steps' job in flight (see runSteps)
}

// layer is one layer's workspace. Sequences are time-major.
type layer struct {
	in     int       // input features: Stack.In for the first layer, Hidden above
	ldx    int       // the input's row stride: in+1 for the first layer (a trailing 1), in above
	wib    []float32 // first layer: [W_ih | b] [G·H, in+1], the projection's weights with the bias
	gates  []float32 // [T, N, G·H]: the preactivations, then the activations
	h      []float32 // [T+1, N, H]: h[0] is the zero initial state
	c, tc  []float32 // LSTM: cell states [T+1, N, H] (c[0] = 0), tanh(c) [T, N, H]
	gh     []float32 // GRU: W_hh·h + b_hh of every step [T, N, 3H]
	bias   []float32 // Tanh and LSTM: b_ih + b_hh, added once to the projection
	hhT    []float32 // W_hhᵀ [H, G·H], transposed once per Forward for the steps
	dbias  []float32 // the bias gradients of one Backward: b_ih's, then (GRU) b_hh's
	dwih   []float32 // dW_ih of one Backward by chunks, transposed: [in, G·H]
	dgates []float32 // [chunk, N, G·H]: gradient of the input preactivations
	dgh    []float32 // GRU: gradient of gh [chunk, N, 3H]
	dseq   []float32 // gradient of this layer's output sequence [T, N, H]
	dh, dp []float32 // [N, H]: gradient of the current and the previous state
	dc     []float32 // LSTM [N, H]: gradient of the current cell state
}

// New returns a stack of layers recurrent layers of the given cell, on
// inputs of in features with hidden units each.
func New(cell Cell, in, hidden, layers int) *Stack {
	if in <= 0 || hidden <= 0 || layers <= 0 {
		panic(fmt.Sprintf("rnn: New(%v, %d, %d, %d): sizes must be positive", cell, in, hidden, layers))
	}
	cell.Gates() // panics on an unknown cell
	s := &Stack{Cell: cell, In: in, Hidden: hidden, layers: make([]layer, layers)}
	for k := range s.layers {
		s.layers[k].in, s.layers[k].ldx = hidden, hidden
	}
	s.layers[0].in, s.layers[0].ldx = in, in+1
	return s
}

// Layers returns the number of layers.
func (s *Stack) Layers() int { return len(s.layers) }

// checkWeights panics unless w holds one set of weights per layer with
// PyTorch's sizes.
func (s *Stack) checkWeights(op string, w []Weights) {
	if len(w) != len(s.layers) {
		panic(fmt.Sprintf("rnn: %s: %d sets of weights for %d layers", op, len(w), len(s.layers)))
	}
	gh := s.Cell.Gates() * s.Hidden
	for k, l := range s.layers {
		wk := w[k]
		if len(wk.IH) != gh*l.in || len(wk.HH) != gh*s.Hidden || len(wk.BIH) != gh || len(wk.BHH) != gh {
			panic(fmt.Sprintf("rnn: %s: layer %d weights of lengths %d, %d, %d, %d, want %d, %d, %d, %d",
				op, k, len(wk.IH), len(wk.HH), len(wk.BIH), len(wk.BHH), gh*l.in, gh*s.Hidden, gh, gh))
		}
	}
}

// Forward runs the stack over x, a batch-first [n, t, In] sequence, from a
// zero initial state. With last false it writes the top layer's output
// at every step to y [n, t, Hidden]; with last true only the last step's,
// to y [n, Hidden]. w holds each layer's weights.
func (s *Stack) Forward(y, x []float32, n, t int, last bool, w []Weights) {
	if n <= 0 || t <= 0 || len(x) != n*t*s.In {
		panic(fmt.Sprintf("rnn: Forward: input of %d values for n=%d, t=%d, in=%d", len(x), n, t, s.In))
	}
	hs := s.Hidden
	if want := n * hs * ternary(last, 1, t); len(y) != want {
		panic(fmt.Sprintf("rnn: Forward: output of %d values, want %d", len(y), want))
	}
	s.checkWeights("Forward", w)
	s.n, s.t = n, t
	// Time-major rows with a trailing 1: the first layer's bias is then
	// one more column of its input projection (see forwardLayer).
	s.xs = grow(s.xs, n*t*(s.In+1))
	timeMajorOnes(s.xs, x, n, t, s.In)
	in := s.xs
	for k := range s.layers {
		l := &s.layers[k]
		s.forwardLayer(l, in, w[k])
		in = l.h[n*hs:]
	}
	top := s.layers[len(s.layers)-1].h
	if last {
		copy(y, top[t*n*hs:])
	} else {
		swapLeading(y, hs, top[n*hs:], t, n, hs)
	}
}

// forwardLayer runs one layer over its time-major input xin [T, N, in],
// rows l.ldx apart.
func (s *Stack) forwardLayer(l *layer, xin []float32, w Weights) {
	n, t, hs := s.n, s.t, s.Hidden
	g := s.Cell.Gates() * hs
	nh, ng := n*hs, n*g
	l.gates = grow(l.gates, t*ng)
	l.h = grow(l.h, (t+1)*nh)
	clear(l.h[:nh])
	// The bias of the input projection: b_ih + b_hh (Tanh and LSTM add
	// both once here), or b_ih (a GRU adds b_hh to each step's gh).
	bias := w.BIH
	if s.Cell != GRU {
		l.bias = grow(l.bias, g)
		kernels.Add(l.bias, w.BIH, w.BHH)
		bias = l.bias
	}
	// The input projection of every step at once, with the bias: where
	// the input rows end in a 1, the bias is the last column of the
	// weights and the kernel adds it as its last multiply-add (the same
	// rounding as adding it afterwards), sparing a pass over the gates.
	if l.ldx > l.in {
		k := l.in + 1
		l.wib = grow(l.wib, g*k)
		for r := 0; r < g; r++ {
			copy(l.wib[r*k:r*k+l.in], w.IH[r*l.in:(r+1)*l.in])
			l.wib[r*k+l.in] = bias[r]
		}
		kernels.Sgemm(false, true, t*n, g, k, 1, xin, l.ldx, l.wib, k, 0, l.gates, g)
	} else {
		kernels.Sgemm(false, true, t*n, g, l.in, 1, xin, l.ldx, w.IH, l.in, 0, l.gates, g)
		kernels.AddBias(l.gates, bias)
	}
	if s.Cell == GRU {
		l.gh = grow(l.gh, t*ng)
	}
	if s.Cell == LSTM {
		l.c = grow(l.c, (t+1)*nh)
		l.tc = grow(l.tc, t*nh)
		clear(l.c[:nh])
	}
	// The steps multiply by W_hhᵀ: transposed once here, it is read in
	// place by every step rather than packed (transposed) by each.
	if t > 1 {
		l.hhT = grow(l.hhT, hs*g)
		kernels.Transpose(l.hhT, g, w.HH, hs, g, hs)
	}
	s.runSteps(stepJob{s: s, l: l, w: w})
}

// Backward backpropagates through the last Forward (which had output
// shape last) from dy, dL/dy in that output's layout, adding every layer's
// parameter gradients into g and writing dL/dx to dx [n, t, In] unless dx
// is nil. w must be the weights Forward ran with.
func (s *Stack) Backward(dx, dy []float32, last bool, w, g []Weights) {
	n, t, hs := s.n, s.t, s.Hidden
	if n == 0 {
		panic("rnn: Backward before Forward")
	}
	if want := n * hs * ternary(last, 1, t); len(dy) != want {
		panic(fmt.Sprintf("rnn: Backward: gradient of %d values, want %d", len(dy), want))
	}
	if dx != nil && len(dx) != n*t*s.In {
		panic(fmt.Sprintf("rnn: Backward: input gradient of %d values, want %d", len(dx), n*t*s.In))
	}
	s.checkWeights("Backward", w)
	s.checkWeights("Backward (gradients)", g)
	var dseq, dlast []float32
	if last {
		dlast = dy
	} else {
		s.dtop = grow(s.dtop, t*n*hs)
		swapLeading(s.dtop, hs, dy, n, t, hs)
		dseq = s.dtop
	}
	for k := len(s.layers) - 1; k >= 0; k-- {
		l := &s.layers[k]
		xin, dxin := s.xs, []float32(nil)
		if k > 0 {
			below := &s.layers[k-1]
			xin = below.h[n*hs:]
			below.dseq = grow(below.dseq, t*n*hs)
			dxin = below.dseq
		} else if dx != nil {
			s.dxs = grow(s.dxs, t*n*s.In)
			dxin = s.dxs
		}
		s.backwardLayer(l, xin, dseq, dlast, dxin, w[k], g[k])
		dseq, dlast = dxin, nil
	}
	if dx != nil {
		swapLeading(dx, s.In, s.dxs, t, n, s.In)
	}
}

// backwardLayer backpropagates one layer from dseq, the gradient of its
// output at every step (time-major, or nil), and dlast, the gradient of
// its last output (or nil). It adds the parameter gradients into g and
// writes the gradient of its input sequence to dxin unless that is nil.
//
// The steps run from the last, and every chunk of chunkSteps steps is
// handed to the GEMMs that sum over time (the weight and bias gradients,
// the input gradient) as soon as its gate gradients are complete, while
// they are still in cache: the gradients of a chunk live in a buffer of
// one chunk, reused, rather than in [T, N, G·H] buffers read back from
// memory after the loop.
func (s *Stack) backwardLayer(l *layer, xin, dseq, dlast, dxin []float32, w, g Weights) {
	n, t, hs := s.n, s.t, s.Hidden
	gs := s.Cell.Gates() * hs
	nh, ng := n*hs, n*gs
	chunk := min(t, s.chunkSteps(l.in))
	l.dgates = grow(l.dgates, chunk*ng)
	l.dh, l.dp = grow(l.dh, nh), grow(l.dp, nh)
	// Over several chunks dW_ih is summed transposed, [in, G·H], the fast
	// orientation for few inputs, and added once at the end; one chunk
	// adds it directly.
	transposed := chunk < t
	if transposed {
		l.dwih = grow(l.dwih, l.in*gs)
	}
	l.dbias = grow(l.dbias, 2*gs)
	dh, dp := l.dh, l.dp
	if dlast != nil {
		copy(dh, dlast)
	} else {
		clear(dh)
	}
	if s.Cell == LSTM {
		l.dc = grow(l.dc, nh)
		clear(l.dc)
	}
	drec := l.dgates // what multiplies W_hh: the recurrent preactivations' gradient
	if s.Cell == GRU {
		l.dgh = grow(l.dgh, chunk*ng)
		drec = l.dgh
	}
	// Chunks start at multiples of chunk; the last may be short. Each
	// chunk's steps run first (see runSteps), then its sums over time.
	for i0 := (t - 1) / chunk * chunk; i0 >= 0; i0 -= chunk {
		i1 := min(i0+chunk, t)
		s.runSteps(stepJob{s: s, l: l, w: w, backward: true, lo: i0, hi: i1, dseq: dseq, dh: dh, dp: dp})
		// Every step but the first swaps the two state gradients.
		if (i1-max(i0, 1))%2 == 1 {
			dh, dp = dp, dh
		}
		s.backwardChunk(l, i0, i1-i0, xin, dxin, drec, w, g, i1 >= t, transposed)
	}
	if transposed {
		for r := 0; r < gs; r++ {
			row := g.IH[r*l.in : (r+1)*l.in]
			for j := range row {
				row[j] += l.dwih[j*gs+r]
			}
		}
	}
	// The bias gradients, summed in l.dbias.
	if s.Cell == GRU {
		kernels.Add(g.BIH, g.BIH, l.dbias[:gs])
		kernels.Add(g.BHH, g.BHH, l.dbias[gs:])
	} else {
		// b_ih and b_hh have the same gradient.
		kernels.Add(g.BIH, g.BIH, l.dbias[:gs])
		kernels.Add(g.BHH, g.BHH, l.dbias[:gs])
	}
}

// backwardChunk adds what the steps i0 .. i0+steps-1 contribute to the
// sums over time, their gate gradients being the first steps slots of
// l.dgates (and drec): dW_hh += Σ drec_tᵀ·h_{t-1} (h_0 = 0 adds
// nothing), dW_ih += Σ dgates_tᵀ·x_t (into g.IH, or transposed into
// l.dwih), the bias gradients' column sums into l.dbias, and the chunk's
// input gradient. first is true for the first chunk handled, which starts
// the sums.
func (s *Stack) backwardChunk(l *layer, i0, steps int, xin, dxin, drec []float32, w, g Weights, first, transposed bool) {
	n, hs := s.n, s.Hidden
	gs := s.Cell.Gates() * hs
	nh, ng := n*hs, n*gs
	dgates := l.dgates[:steps*ng]
	beta := float32(1)
	if first {
		beta = 0
		clear(l.dbias)
	}
	if skip := max(1-i0, 0); steps > skip {
		kernels.Sgemm(true, false, gs, hs, (steps-skip)*n, 1, drec[skip*ng:steps*ng], gs, l.h[(i0+skip)*nh:(i0+steps)*nh], hs, 1, g.HH, hs)
	}
	x := xin[i0*n*l.ldx : (i0+steps)*n*l.ldx]
	if transposed {
		kernels.Sgemm(true, false, l.in, gs, steps*n, 1, x, l.ldx, dgates, gs, beta, l.dwih, gs)
	} else {
		kernels.Sgemm(true, false, gs, l.in, steps*n, 1, dgates, gs, x, l.ldx, 1, g.IH, l.in)
	}
	kernels.AddColSums(l.dbias[:gs], dgates)
	if s.Cell == GRU {
		kernels.AddColSums(l.dbias[gs:], drec[:steps*ng])
	}
	if dxin != nil {
		kernels.Sgemm(false, false, steps*n, l.in, gs, 1, dgates, gs, w.IH, l.in, 0, dxin[i0*n*l.in:(i0+steps)*n*l.in], l.in)
	}
}

// chunkBytes bounds the gate gradients of one chunk of steps (both
// buffers for a GRU), so that they stay in a core's L2 cache between the
// steps that write them and the GEMMs that read them. Tests lower it.
var chunkBytes = 384 << 10

// chunkMinRows is the fewest rows (steps times batch) a chunk hands to
// the weight-gradient GEMMs, whatever chunkBytes allows: with large
// layers a chunk of one step would read and write all of dW_hh for too
// few multiply-adds per element. Tests lower it.
var chunkMinRows = 128

// chunkWeightBytes bounds the weight gradients (dW_hh and dW_ih) for which
// the backward goes by chunks: every chunk reads and writes them, which
// is cheap while they stay in L2; larger layers take all steps as one
// chunk.
var chunkWeightBytes = 768 << 10

// chunkSteps returns the number of steps in a chunk of backwardLayer for
// a layer of in inputs.
func (s *Stack) chunkSteps(in int) int {
	gs := s.Cell.Gates() * s.Hidden
	if 4*gs*(s.Hidden+in) > chunkWeightBytes {
		return s.t
	}
	per := 4 * s.n * gs // bytes of gate gradients a step
	if s.Cell == GRU {
		per *= 2
	}
	return max(1, chunkBytes/per, ceilDiv(chunkMinRows, s.n))
}

func ceilDiv(a, b int) int { return (a + b - 1) / b }

func ternary(c bool, a, b int) int {
	if c {
		return a
	}
	return b
}

// Steps returns the number of steps of the last Forward.
func (s *Stack) Steps() int { return s.t }
