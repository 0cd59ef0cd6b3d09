// Package tensor provides a row-major float32 tensor and the operations a
// neural network needs, dispatched to the SIMD kernels of package kernels.
//
// A Tensor is a shape plus a contiguous []float32. Views (Reshape, Row,
// Rows) share the data of their parent and cost no copy.
//
// Every operation takes its destination first. Passing nil allocates a new
// tensor; passing a tensor of the right shape writes into it, so training
// loops that reuse their buffers allocate nothing. Shape mismatches are
// programmer errors: they panic with a message naming both shapes.
package tensor
