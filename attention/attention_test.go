package attention

import (
	"github.com/corten-ml/corten/parallel"
	"math"
	"math/rand/v2"
	"strings"
	"testing"
)

// reference computes the attention output in float64, straight from the
// definition, one sample, head and query at a time.
func reference(qkv []float32, s Shape) []float64 {
	out := make([]float64, s.OutLen())
	d := s.D()
	scale := 1 / math.Sqrt(float64(d))
	at := func(n, t, part, h, j int) float64 {
		return float64(qkv[(n*s.T+t)*3*s.E+part*s.E+h*d+j])
	}
	for n := 0; n < s.N; n++ {
		for h := 0; h < s.Heads; h++ {
			for i := 0; i < s.T; i++ {
				keys := s.T
				if s.Causal {
					keys = i + 1
				}
				scores := make([]float64, keys)
				m := math.Inf(-1)
				for k := range scores {
					for j := 0; j < d; j++ {
						scores[k] += at(n, i, 0, h, j) * at(n, k, 1, h, j)
					}
					scores[k] *= scale
					m = math.Max(m, scores[k])
				}
				var sum float64
				for k := range scores {
					scores[k] = math.Exp(scores[k] - m)
					sum += scores[k]
				}
				for j := 0; j < d; j++ {
					var v float64
					for k := range scores {
						v += scores[k] / sum * at(n, k, 2, h, j)
					}
					out[(n*s.T+i)*s.E+h*d+j] = v
				}
			}
		}
	}
	return out
}

func randSlice(rng *rand.Rand, n int, std float64) []float32 {
	x := make([]float32, n)
	for i := range x {
		x[i] = float32(std * rng.NormFloat64())
	}
	return x
}

var shapes = []Shape{
	{N: 2, T: 5, E: 8, Heads: 2},
	{N: 2, T: 5, E: 8, Heads: 2, Causal: true},
	{N: 3, T: 1, E: 3, Heads: 3},
	{N: 1, T: 7, E: 12, Heads: 4, Causal: true},
	{N: 4, T: 16, E: 64, Heads: 4},
}

func TestForward(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	var p Pass
	for _, s := range shapes {
		qkv := randSlice(rng, s.QKVLen(), 1.5)
		out, probs := make([]float32, s.OutLen()), make([]float32, s.ProbsLen())
		p.Forward(out, probs, qkv, s)
		for i, w := range reference(qkv, s) {
			if math.Abs(float64(out[i])-w) > 1e-5*(1+math.Abs(w)) {
				t.Fatalf("%+v: out[%d] = %v, want %v", s, i, out[i], w)
			}
		}
		// Each probability row sums to 1; masked entries are 0.
		for r := 0; r < s.N*s.Heads*s.T; r++ {
			var sum float64
			for k, v := range probs[r*s.T : (r+1)*s.T] {
				if s.Causal && k > r%s.T && v != 0 {
					t.Fatalf("%+v: masked probability [%d, %d] = %v", s, r, k, v)
				}
				sum += float64(v)
			}
			if math.Abs(sum-1) > 1e-5 {
				t.Fatalf("%+v: probability row %d sums to %v", s, r, sum)
			}
		}
	}
}

// TestBackward compares the gradient of L = Σ G·out with central
// differences of the float64 reference.
func TestBackward(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	var p Pass
	for _, s := range shapes[:4] {
		qkv := randSlice(rng, s.QKVLen(), 1)
		g := randSlice(rng, s.OutLen(), 1)
		out, probs := make([]float32, s.OutLen()), make([]float32, s.ProbsLen())
		dqkv, dprobs := make([]float32, s.QKVLen()), make([]float32, s.ProbsLen())
		for i := range dqkv {
			dqkv[i] = float32(math.NaN()) // overwritten, not accumulated
		}
		p.Forward(out, probs, qkv, s)
		p.Backward(dqkv, dprobs, g, qkv, probs, s)
		loss := func() float64 {
			var l float64
			for i, v := range reference(qkv, s) {
				l += v * float64(g[i])
			}
			return l
		}
		for i := range qkv {
			old := qkv[i]
			const h = 1e-2
			qkv[i] = old + h
			up := loss()
			qkv[i] = old - h
			down := loss()
			qkv[i] = old
			num := (up - down) / (float64(old+h) - float64(old-h))
			if math.Abs(num-float64(dqkv[i])) > 1e-3*(1+math.Abs(num)) {
				t.Fatalf("%+v: dqkv[%d] = %v, finite difference %v", s, i, dqkv[i], num)
			}
		}
	}
}

// TestThreadsIdentical checks that the result does not depend on how the
// pairs are split over the workers.
func TestThreadsIdentical(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 6))
	s := Shape{N: 5, T: 6, E: 12, Heads: 3, Causal: true}
	qkv, g := randSlice(rng, s.QKVLen(), 1), randSlice(rng, s.OutLen(), 1)
	run := func(threads int) ([]float32, []float32) {
		defer parallel.SetThreads(parallel.SetThreads(threads))
		var p Pass
		out, probs := make([]float32, s.OutLen()), make([]float32, s.ProbsLen())
		dqkv, dprobs := make([]float32, s.QKVLen()), make([]float32, s.ProbsLen())
		p.Forward(out, probs, qkv, s)
		p.Backward(dqkv, dprobs, g, qkv, probs, s)
		return out, dqkv
	}
	o1, d1 := run(1)
	for _, th := range []int{2, 3, 8} {
		o, d := run(th)
		for i := range o {
			if o[i] != o1[i] {
				t.Fatalf("%d threads: out[%d] differs", th, i)
			}
		}
		for i := range d {
			if d[i] != d1[i] {
				t.Fatalf("%d threads: dqkv[%d] differs", th, i)
			}
		}
	}
}

func TestStableSoftmax(t *testing.T) {
	// Scores of ±1e4 would overflow a naive exp.
	s := Shape{N: 1, T: 3, E: 1, Heads: 1}
	qkv := []float32{100, 100, 1, -100, -100, 2, 0, 0, 3}
	out, probs := make([]float32, 3), make([]float32, 9)
	var p Pass
	p.Forward(out, probs, qkv, s)
	for i, v := range out {
		if math.IsNaN(float64(v)) || math.Abs(float64(v)-reference(qkv, s)[i]) > 1e-5 {
			t.Fatalf("out = %v, want %v", out, reference(qkv, s))
		}
	}
}

func TestAllocs(t *testing.T) {
	s := Shape{N: 8, T: 16, E: 64, Heads: 4, Causal: true}
	qkv := make([]float32, s.QKVLen())
	out, probs := make([]float32, s.OutLen()), make([]float32, s.ProbsLen())
	dqkv, dprobs := make([]float32, s.QKVLen()), make([]float32, s.ProbsLen())
	var p Pass
	step := func() {
		p.Forward(out, probs, qkv, s)
		p.Backward(dqkv, dprobs, out, qkv, probs, s)
	}
	step()
	for round := 0; ; round++ {
		n := testing.AllocsPerRun(5, step)
		if n == 0 {
			break
		}
		if round == 4 {
			t.Fatalf("a warm pass allocates %v times", n)
		}
	}
}

func TestPanics(t *testing.T) {
	var p Pass
	for _, c := range []struct {
		f    func()
		want string
	}{
		{func() {
			p.Forward(make([]float32, 8), make([]float32, 4), make([]float32, 23), Shape{N: 1, T: 2, E: 4, Heads: 2})
		}, "qkv has 23 elements, want 24"},
		{func() { p.Forward(nil, nil, nil, Shape{N: 1, T: 2, E: 5, Heads: 2}) }, "E=5"},
		{func() {
			p.Backward(make([]float32, 24), make([]float32, 7), make([]float32, 8), make([]float32, 24), make([]float32, 8), Shape{N: 1, T: 2, E: 4, Heads: 2})
		}, "dprobs has 7"},
	} {
		func() {
			defer func() {
				r, _ := recover().(string)
				if !strings.Contains(r, c.want) {
					t.Errorf("panic %q, want one mentioning %q", r, c.want)
				}
			}()
			c.f()
		}()
	}
}
