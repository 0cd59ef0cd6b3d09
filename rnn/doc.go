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
//     after the loop, dW_hh, dW_ih and dx are one GEMM each over all steps,
//     and the bias gradients are column sums.
//
// The caller's batch-first tensors ([N, T, F], PyTorch's batch_first=True)
// are transposed on the way in and out only at the bottom and the top of
// the stack; between layers the state sequence is passed on as it is.
package rnn
