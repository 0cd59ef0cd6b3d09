// Package rnn is the engine behind nn's recurrent layers (RNN with tanh,
// LSTM, GRU): it works on slices in PyTorch's parameter layout and holds
// the workspace that backpropagation through time needs.
//
// The shape of the computation is the one cuDNN and oneDNN use. Inside the
// engine sequences are time-major ([T, N, F]), so that every step's state
// is a contiguous [N, H] matrix and the products over all steps are single
// GEMMs:
//
//   - forward: the input projection of all steps is one GEMM
//     ([T·N, in] × [in, G·H]); each step adds one [N, H] × [H, G·H] GEMM
//     of the previous state and runs the fused elementwise gate pass
//     (gates.go) on the step's [N, G·H] block;
//   - backward: each step runs the gate pass backwards and one
//     [N, G·H] × [G·H, H] GEMM for the gradient of the previous state;
//     every chunk of a few steps then adds its share of dW_hh, dW_ih and
//     dx, one GEMM each over the chunk's steps, and of the bias gradients
//     (column sums), while its gate gradients are still in cache.
//
// With several threads and a batch of at least 2·32 rows, each part of
// the batch runs through the steps on one thread (steps.go): the rows are
// independent through the recurrence, so the threads meet once a forward
// pass and once a backward chunk, and the results are those of one
// thread bit for bit.
//
// The caller's batch-first tensors ([N, T, F], PyTorch's batch_first=True)
// are transposed on the way in and out only at the bottom and the top of
// the stack; between layers the state sequence is passed on as it is.
package rnn
