// Package conv is the engine behind nn.Conv2D: the forward and backward
// passes of a 2-D convolution over NCHW batches held in plain slices, with
// its own workspace. The layer keeps the contract (parameters, shapes, the
// Forward/Backward pair) and calls an Engine; everything about how the
// passes are computed fast lives here.
//
// The split follows two models. In BLIS the framework (blocking, packing,
// threading) is apart from the micro-kernel, so that a new CPU needs only
// a new kernel: here the chunking, lowering and choice of path are in this
// package, and the register-level work is in package kernels (Sgemm,
// ConvTile, Axpy, Dot, Dots6x4). In llm.c every layer is a plain
// forward/backward pair that a student can read: package nn keeps that
// readable layer, and this package holds the fast variants behind it. The same shape serves
// other engines: a Geometry (sizes, validated, output size derived), an
// engine value the layer owns, and Forward(y, x, w, b, n) and
// Backward(dx, dw, db, dy, x, w, n) on slices.
//
// An Engine computes each pass in one of these ways, chosen from the
// geometry (Engine.Forward, Backward, forwardPass, backwardPass):
//
//   - lowered (gemm.go): im2col lowers a chunk of samples to a matrix of
//     In·KH·KW rows and a column per output position, and kernels.Sgemm
//     multiplies it by the weights; backward takes dW = dy·colsᵀ and
//     dx = col2im(Wᵀ·dy). Stride 1 uses a "wide" lowering (see layout).
//   - direct (direct.go): small stride-1 convolutions (up to 32 filters)
//     where kernels.ConvTile has an assembly kernel compute register tiles
//     straight from the padded input, with no lowered matrix.
//   - windows (window.go): stride-1 convolutions with at most 16 filters
//     where kernels.ConvWindow has an assembly kernel (AVX-512): 5 x 5
//     blocks of output positions (forward) or of a 5 x 5 kernel's taps
//     (weight gradient) by 16 channels; the direct tiles' channels x
//     positions orientation then runs on kernels.ConvStrip's 64-column
//     strips.
//   - sample lanes (lanes.go, lanes_dw.go): groups of 16 samples are
//     transposed so that the samples fill the SIMD lanes; the forward pass
//     and the input gradient of stride-1 layers with few channels on the
//     computed side run on kernels.ConvStrip tiles of six channels by four
//     output columns, with per-tile tap tables that skip the padding, and
//     the weight gradient of small layers on kernels.Dots6x4 runs as long
//     as the group. Every lane holds a real sample, so no multiply-adds go
//     to the columns between output rows, at the cost of two transposes.
//   - axpy and dot products (axpy.go): tiny stride-1 convolutions (at most
//     512 weights) elsewhere, where a GEMM's register tile would be mostly
//     padding; the weight gradient by kernels.Dots6x4's blocks of six
//     filters by four taps where it has an assembly kernel.
//
// The input gradient of a stride-1 layer with few input channels is
// computed apart from its weight gradient: in sample lanes, or else as the
// forward pass of the transposed convolution (transposed.go) on the direct
// or window kernels.
//
// Every pass works on chunks of a few samples that stay in cache, spread
// over up to parallel.Threads() goroutines (chunks.go); the chunks' parts of
// dW and db are summed in chunk order, so results do not depend on the
// number of threads.
package conv
