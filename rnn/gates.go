package rnn

import "github.com/corten-ml/corten/kernels"

// The gate passes of one time step. Each works on the step's block of
// gates, [n, G·H] row-major with the gate blocks of one batch row side by
// side (PyTorch's stacking), and on [n, H] state matrices, and is one
// fused kernel of package kernels (whose comments give the exact float32
// operations); n is implied by the slices' lengths.

// tanhStep computes h = tanh(a) for the step's preactivations a [n, H].
func tanhStep(h, a []float32) { kernels.Tanh(h, a) }

// tanhStepBack computes da = dh·(1-h²), the gradient of the
// preactivations, from the step's output h.
func tanhStepBack(da, dh, h []float32) { kernels.TanhBackward(da, dh, h) }

// lstmStep turns the preactivations g [n, 4H] (i, f, g, o) into the gate
// activations in place, and computes the cell state c = f·cPrev + i·g, its
// tanh tc, and the output h = o·tc ([n, H] each).
func lstmStep(g, cPrev, c, tc, h []float32, n, hs int) {
	kernels.LSTMGates(g, cPrev, c, tc, h, hs)
}

// lstmStepBack is lstmStep backwards. dh [n, H] is dL/dh of the step; dc
// holds dL/dc of the step as it reaches c through the next step (f'·dc')
// and is replaced by the same for the previous step. g holds the step's
// gate activations, cPrev and tc the previous cell state and tanh of this
// one; da [n, 4H] receives the gradient of the preactivations.
func lstmStepBack(da, dc, dh, g, cPrev, tc []float32, n, hs int) {
	kernels.LSTMGatesBackward(da, dc, dh, g, cPrev, tc, hs)
}

// gruStep takes the input preactivations g [n, 3H] (W_ih·x + b_ih for r,
// z, n) and the recurrent products gh [n, 3H] (W_hh·hPrev + b_hh), turns g
// into the gate activations r, z, n in place, and computes the output
// h = n + z·(hPrev - n) ([n, H]). gh is left as it is: backward needs its
// n block.
func gruStep(g, gh, hPrev, h []float32, n, hs int) {
	kernels.GRUGates(g, gh, hPrev, h, hs)
}

// gruStepBack is gruStep backwards. dh [n, H] is dL/dh of the step; g the
// gate activations, gh the recurrent products and hPrev the previous
// state. It writes the gradients of the input preactivations dg and of the
// recurrent products dgh ([n, 3H] each; they differ in the n block, where
// the reset gate scales the recurrent path) and the direct part of the
// previous state's gradient, dhPrev = dh·z.
func gruStepBack(dg, dgh, dhPrev, dh, g, gh, hPrev []float32, n, hs int) {
	kernels.GRUGatesBackward(dg, dgh, dhPrev, dh, g, gh, hPrev, hs)
}
