package kernels

import (
	"fmt"
	"math"
	"math/rand"
	"strings"
	"testing"
)

// headCase is one attention head's shape: t tokens of d features, the
// packed projection's blocks w >= d wide with rows ld = 3w+gap apart, and
// out's rows ldo = d+gap apart.
type headCase struct {
	t, d, w, gap int
	causal       bool
}

var headCases = []headCase{
	{16, 16, 16, 0, false}, {16, 16, 64, 0, false}, {16, 16, 16, 5, false},
	{16, 16, 16, 0, true}, {16, 8, 16, 1, false}, {15, 16, 16, 0, false},
	{17, 16, 16, 3, false}, {1, 1, 1, 0, false}, {7, 12, 12, 2, true},
}

// headData fills a packed projection for c with values of scale size,
// some specials where specials is set.
func headData(r *rand.Rand, c headCase, size float64, specials bool) (qkv []float32, ld int) {
	ld = 3*c.w + c.gap
	qkv = make([]float32, c.t*ld)
	for i := range qkv {
		qkv[i] = float32(r.NormFloat64() * size)
	}
	if specials {
		for _, v := range []float32{float32(math.Inf(1)), float32(math.Inf(-1)), float32(math.NaN()), 0, float32(math.Copysign(0, -1)), 1e30, -1e30, 1e-40} {
			qkv[r.Intn(len(qkv))] = v
		}
	}
	return qkv, ld
}

// guardFill returns n guard values.
func guardFill(n int) []float32 {
	s := make([]float32, n)
	for i := range s {
		s[i] = math.Float32frombits(guardBits)
	}
	return s
}

// sameBits compares got with want element by element (NaNs equal),
// where want holds guard values outside what the kernels write.
func sameBits(t *testing.T, what string, got, want []float32) {
	t.Helper()
	for i := range want {
		if !sameFloat(got[i], want[i]) {
			t.Fatalf("%s: element %d is %v (%#x), want %v (%#x)", what, i, got[i], math.Float32bits(got[i]), want[i], math.Float32bits(want[i]))
		}
	}
}

// TestAttentionHead checks AttentionHead and AttentionHeadBackward, on
// whatever kernel runs them, against their step-by-step kernel calls bit
// for bit (and so, for 16 tokens of 16 features on AVX-512, the one-kernel
// head against SgemmSmall and the softmax tiles), with guard values
// between the rows of every output and around the tiles, on ordinary
// values, values large enough to saturate the softmax, and specials.
func TestAttentionHead(t *testing.T) {
	r := rand.New(rand.NewSource(5))
	for _, c := range headCases {
		for _, size := range []float64{0.5, 30} {
			for _, specials := range []bool{false, true} {
				what := fmt.Sprintf("%+v size=%v specials=%v", c, size, specials)
				qkv, ld := headData(r, c, size, specials)
				q, k, v := qkv, qkv[c.w:], qkv[2*c.w:]
				scale := float32(1 / math.Sqrt(float64(c.d)))
				ldo := c.d + c.gap
				no := (c.t-1)*ldo + c.d
				out, want := guardFill(no+4), guardFill(no+4)
				probs, wantP := guardFill(c.t*c.t+4), guardFill(c.t*c.t+4)
				AttentionHead(out, ldo, probs, q, k, v, ld, c.t, c.d, scale, c.causal)
				attentionHeadSteps(want, ldo, wantP, q, k, v, ld, c.t, c.d, scale, c.causal)
				sameBits(t, what+": out", out, want)
				sameBits(t, what+": probs", probs, wantP)

				dout := make([]float32, no)
				for i := range dout {
					dout[i] = float32(r.NormFloat64())
				}
				if specials {
					dout[r.Intn(no)] = float32(math.Inf(1))
				}
				dqkv, wantD := guardFill(len(qkv)+4), guardFill(len(qkv)+4)
				dprobs, wantDP := guardFill(c.t*c.t+4), guardFill(c.t*c.t+4)
				AttentionHeadBackward(dqkv, dqkv[c.w:], dqkv[2*c.w:], dprobs, dout, ldo, q, k, v, probs, ld, c.t, c.d, scale, c.causal)
				attentionHeadBackwardSteps(wantD, wantD[c.w:], wantD[2*c.w:], wantDP, dout, ldo, q, k, v, wantP, ld, c.t, c.d, scale, c.causal)
				sameBits(t, what+": dqkv", dqkv, wantD)
				sameBits(t, what+": dprobs", dprobs, wantDP)
			}
		}
	}
}

// TestAttentionHeadDefinition checks the one-kernel head's shape (16 x 16)
// against attention computed in float64 from its definition.
func TestAttentionHeadDefinition(t *testing.T) {
	r := rand.New(rand.NewSource(6))
	const n, ld, ldo = 16, 48, 16
	qkv, _ := headData(r, headCase{n, n, n, 0, false}, 1, false)
	scale := float32(0.25)
	out, probs := make([]float32, n*ldo), make([]float32, n*n)
	AttentionHead(out, ldo, probs, qkv, qkv[n:], qkv[2*n:], ld, n, n, scale, false)
	for i := 0; i < n; i++ {
		s := make([]float64, n)
		m := math.Inf(-1)
		for j := range s {
			for p := 0; p < n; p++ {
				s[j] += float64(qkv[i*ld+p]) * float64(qkv[j*ld+n+p])
			}
			s[j] *= float64(scale)
			m = math.Max(m, s[j])
		}
		var sum float64
		for j := range s {
			s[j] = math.Exp(s[j] - m)
			sum += s[j]
		}
		for c := 0; c < n; c++ {
			var o float64
			for j := range s {
				o += s[j] / sum * float64(qkv[j*ld+2*n+c])
			}
			if math.Abs(o-float64(out[i*ldo+c])) > 1e-5*(1+math.Abs(o)) {
				t.Fatalf("out[%d][%d] = %v, want %v", i, c, out[i*ldo+c], o)
			}
		}
	}
}

func TestAttentionHeadPanics(t *testing.T) {
	b := make([]float32, 16*48)
	p := make([]float32, 256)
	for _, c := range []struct {
		f    func()
		want string
	}{
		{func() { AttentionHead(b, 16, p, b, b[16:], b[32:], 48, 0, 16, 1, false) }, "bad head: 0 tokens"},
		{func() { AttentionHead(b, 8, p, b, b[16:], b[32:], 48, 16, 16, 1, false) }, "row strides 48 and 8"},
		{func() { AttentionHead(b, 16, p, b, b[16:], b[33:], 48, 16, 16, 1, false) }, "v has 735 elements, want 736"},
		{func() { AttentionHead(b, 16, p[1:], b, b[16:], b[32:], 48, 16, 16, 1, false) }, "probs has 255 elements, want 256"},
		{func() {
			AttentionHeadBackward(b, b, b[33:], p, b, 16, b, b, b, p, 48, 16, 16, 1, false)
		}, "AttentionHeadBackward: dv has 735"},
		{func() {
			AttentionHeadBackward(b, b, b, p, b[:100], 16, b, b, b, p, 48, 16, 16, 1, false)
		}, "dout has 100 elements, want 256"},
		{func() { AttentionHead(b, 16, p, b, b, b, math.MaxInt, 16, 16, 1, false) }, "q has 768 elements, want 0"},
	} {
		func() {
			defer func() {
				msg := fmt.Sprint(recover())
				if !strings.Contains(msg, c.want) {
					t.Errorf("panic %q, want it to contain %q", msg, c.want)
				}
			}()
			c.f()
		}()
	}
}

// BenchmarkAttentionHead times one head of 16 tokens of 16 features,
// read in place from a packed [16, 192] projection, forward and backward.
func BenchmarkAttentionHead(b *testing.B) {
	const t, d, ld = 16, 16, 192
	r := rand.New(rand.NewSource(1))
	qkv := make([]float32, t*ld)
	for i := range qkv {
		qkv[i] = float32(r.NormFloat64())
	}
	dqkv, out, dout := make([]float32, t*ld), make([]float32, t*64), make([]float32, t*64)
	probs, dprobs := make([]float32, t*t), make([]float32, t*t)
	b.Run("forward", func(b *testing.B) {
		for b.Loop() {
			AttentionHead(out, 64, probs, qkv, qkv[64:], qkv[128:], ld, t, d, 0.25, false)
		}
	})
	b.Run("backward", func(b *testing.B) {
		for b.Loop() {
			AttentionHeadBackward(dqkv, dqkv[64:], dqkv[128:], dprobs, dout, 64, qkv, qkv[64:], qkv[128:], probs, ld, t, d, 0.25, false)
		}
	})
	b.Run("steps", func(b *testing.B) {
		for b.Loop() {
			attentionHeadSteps(out, 64, probs, qkv, qkv[64:], qkv[128:], ld, t, d, 0.25, false)
			attentionHeadBackwardSteps(dqkv, dqkv[64:], dqkv[128:], dprobs, dout, 64, qkv, qkv[64:], qkv[128:], probs, ld, t, d, 0.25, false)
		}
	})
}
