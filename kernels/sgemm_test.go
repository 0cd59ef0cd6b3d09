package kernels

import (
	"fmt"
	"github.com/corten-ml/corten/parallel"
	"math"
	"strings"
	"sync"
	"testing"
)

// gemmSizes are the dimensions of the exhaustive test: around every
// register block (4, 6, 8, 12, 16) and a few cache-block crossings.
var gemmSizes = []int{0, 1, 2, 3, 5, 7, 8, 15, 16, 17, 31, 33, 63, 65, 127, 129}

// gemmScalars are the alpha and beta values the tests cycle through.
var gemmScalars = []float32{0, 1, -0.5}

const gemmGuard = float32(-7777) // marks C elements Sgemm must not touch

// gemmCase is one test problem with its float64 reference result.
type gemmCase struct {
	transA, transB bool
	m, n, k        int
	alpha, beta    float32
	a, b, c0       []float32 // c0: C before the call, guards included
	lda, ldb, ldc  int
	off            int       // C's first element is c0[off]
	want, tol      []float64 // per element of the m x n result
}

// newGemmCase builds a problem with strides pad elements wider than the
// rows, guard values around and between the rows of C, NaN in C when
// beta == 0, and its reference result.
func newGemmCase(transA, transB bool, m, n, k int, alpha, beta float32, pad int) *gemmCase {
	t := &gemmCase{transA: transA, transB: transB, m: m, n: n, k: k, alpha: alpha, beta: beta}
	ar, ac := m, k
	if transA {
		ar, ac = k, m
	}
	br, bc := k, n
	if transB {
		br, bc = n, k
	}
	t.lda, t.ldb, t.ldc = max(ac+pad, 1), max(bc+pad, 1), max(n+pad, 1)
	// Small integers scaled by 1/8 and 1/16: exact in float32 products.
	t.a = make([]float32, max(ar*t.lda, 1))
	for i := range t.a {
		t.a[i] = float32((i*7+3)%17-8) / 8
	}
	t.b = make([]float32, max(br*t.ldb, 1))
	for i := range t.b {
		t.b[i] = float32((i*5+1)%13-6) / 16
	}
	t.off = 3
	t.c0 = make([]float32, t.off+m*t.ldc+3)
	for i := range t.c0 {
		t.c0[i] = gemmGuard
	}
	// Reference in float64 over dense copies of op(A) and op(B), i-p-j
	// order so the inner loop is contiguous (this dominates the test time
	// under qemu and -race).
	opA := make([]float64, m*k)
	for i := 0; i < m; i++ {
		for p := 0; p < k; p++ {
			opA[i*k+p] = t.at(t.a, transA, t.lda, i, p)
		}
	}
	opB := make([]float64, k*n)
	for p := 0; p < k; p++ {
		for j := 0; j < n; j++ {
			opB[p*n+j] = t.at(t.b, transB, t.ldb, p, j)
		}
	}
	t.want = make([]float64, m*n)
	t.tol = make([]float64, m*n)
	for i := 0; i < m; i++ {
		s, sa := t.want[i*n:i*n+n], t.tol[i*n:i*n+n]
		for p, av := range opA[i*k : i*k+k] {
			for j, bv := range opB[p*n : p*n+n] {
				s[j] += av * bv
				sa[j] += math.Abs(av * bv)
			}
		}
		for j := 0; j < n; j++ {
			cv := float32((i*3+j*11)%9-4) / 4
			if beta == 0 {
				cv = float32(math.NaN())
			}
			t.c0[t.off+i*t.ldc+j] = cv
			w := float64(alpha) * s[j]
			bound := math.Abs(float64(alpha)) * sa[j]
			if beta != 0 {
				w += float64(beta) * float64(cv)
				bound += math.Abs(float64(beta) * float64(cv))
			}
			s[j] = w
			// Float32 rounding of a k-term sum plus the alpha/beta update.
			sa[j] = float64(k+3)*6e-8*bound + 1e-30
		}
	}
	return t
}

func (t *gemmCase) at(x []float32, trans bool, ld, i, j int) float64 {
	if trans {
		return float64(x[j*ld+i])
	}
	return float64(x[i*ld+j])
}

// name is the case's subtest name: transposes, shape, alpha and beta.
func (t *gemmCase) name() string {
	tr := func(b bool) string {
		if b {
			return "T"
		}
		return "N"
	}
	return fmt.Sprintf("%s%s/%dx%dx%d/alpha=%v,beta=%v", tr(t.transA), tr(t.transB), t.m, t.n, t.k, t.alpha, t.beta)
}

func (t *gemmCase) String() string {
	return fmt.Sprintf("Sgemm(tA=%v tB=%v m=%d n=%d k=%d alpha=%v beta=%v lda=%d ldb=%d ldc=%d) path=%s threads=%d",
		t.transA, t.transB, t.m, t.n, t.k, t.alpha, t.beta, t.lda, t.ldb, t.ldc, Path(), parallel.Threads())
}

// run calls Sgemm on fresh copies of A, B and C, reports (with tb.Errorf,
// so that it may run on any goroutine) any change to A or B, padding
// included, as gonum's testblas does, and returns C.
func (t *gemmCase) run(tb testing.TB) []float32 {
	tb.Helper()
	a := append([]float32(nil), t.a...)
	b := append([]float32(nil), t.b...)
	c := append([]float32(nil), t.c0...)
	Sgemm(t.transA, t.transB, t.m, t.n, t.k, t.alpha, a, t.lda, b, t.ldb, t.beta, c[t.off:], t.ldc)
	checkUnchanged(tb, t, "A", a, t.a)
	checkUnchanged(tb, t, "B", b, t.b)
	return c
}

// checkUnchanged reports the first element of an input operand that the
// call changed.
func checkUnchanged(tb testing.TB, what fmt.Stringer, name string, got, want []float32) {
	tb.Helper()
	for i := range want {
		if math.Float32bits(got[i]) != math.Float32bits(want[i]) {
			tb.Errorf("%v: changed %s[%d] from %v to %v", what, name, i, want[i], got[i])
			return
		}
	}
}

// check compares C after the call with the reference and the guards. It
// reports the first wrong element with tb.Errorf and returns, so that a
// table test goes on to its other cases.
func (t *gemmCase) check(tb testing.TB, c []float32) {
	tb.Helper()
	for idx := range c {
		r := idx - t.off
		i, j := -1, -1
		if r >= 0 && r/t.ldc < t.m && r%t.ldc < t.n {
			i, j = r/t.ldc, r%t.ldc
		}
		if i < 0 {
			if c[idx] != t.c0[idx] && !(c[idx] != c[idx] && t.c0[idx] != t.c0[idx]) {
				tb.Errorf("%v: wrote %v outside C at offset %d (was %v)", t, c[idx], r, t.c0[idx])
				return
			}
			continue
		}
		got, want := float64(c[idx]), t.want[i*t.n+j]
		if math.IsNaN(got) || math.Abs(got-want) > t.tol[i*t.n+j] {
			tb.Errorf("%v: C[%d][%d] = %v, want %v (tol %g)", t, i, j, got, want, t.tol[i*t.n+j])
			return
		}
	}
}

// forPaths runs f with each assembly kernel the CPU has (the AVX-512 and
// the AVX2 one on such an x86) and with the Go one. It switches the
// package's dispatch (SetSIMD and simdOps.gemmKernel), so a test that
// calls it must not run in parallel, and f must not call t.Parallel; the
// dispatch is restored when the test ends.
func forPaths(t *testing.T, f func(t *testing.T)) {
	was := SetSIMD(true)
	t.Cleanup(func() { SetSIMD(was) })
	for _, mk := range asmMicroKernels() {
		if simdOps == nil {
			break
		}
		saved := simdOps.gemmKernel
		simdOps.gemmKernel = mk
		t.Run(mk.name, f)
		simdOps.gemmKernel = saved
	}
	SetSIMD(false)
	t.Run("go", f)
}

// TestSgemmCube covers every m, n, k in gemmSizes. Each cell gets one of the
// four transpose combinations and one of the nine alpha/beta pairs, cycled
// so that every combination meets every size many times; padding of the
// strides alternates too.
func TestSgemmCube(t *testing.T) {
	sizes := gemmSizes
	if testing.Short() || raceEnabled {
		sizes = gemmSizes[:13] // up to 63: about 1/20 of the work
	}
	cases := make([][]*gemmCase, len(sizes)) // by m
	idx := 0
	for mi, m := range sizes {
		for _, n := range sizes {
			for _, k := range sizes {
				tr := idx % 4
				ab := (idx / 4) % 9
				cases[mi] = append(cases[mi], newGemmCase(tr&1 != 0, tr&2 != 0, m, n, k,
					gemmScalars[ab/3], gemmScalars[ab%3], (idx/3)%2*3))
				idx++
			}
		}
	}
	// One subtest per m; check reports every failing case, not just the
	// first.
	runAll := func(t *testing.T) {
		for mi, m := range sizes {
			t.Run(fmt.Sprintf("m=%d", m), func(t *testing.T) {
				for _, c := range cases[mi] {
					c.check(t, c.run(t))
				}
			})
		}
	}
	forPaths(t, func(t *testing.T) {
		runAll(t)
		if active.Load().gemmKernel.strided == nil {
			return
		}
		// Again with every operand packed, then with every full sliver
		// read in place: this switches gemmInPlaceReuse, restored below.
		saved := gemmInPlaceReuse
		t.Cleanup(func() { gemmInPlaceReuse = saved })
		for _, r := range []int{0, 1 << 30} {
			gemmInPlaceReuse = r
			t.Run(fmt.Sprintf("inPlaceReuse=%d", r), runAll)
		}
		gemmInPlaceReuse = saved
	})
}

// TestSgemmTransposes runs all transposes and alpha/beta pairs on a few
// sizes, including the MLP's skinny shapes, ones that cross the k, m and
// n cache blocks, and ones computed through their transpose when A is
// transposed (the weight gradient of a layer with few inputs; see
// gemmFlip).
func TestSgemmTransposes(t *testing.T) {
	shapes := [][3]int{{7, 9, 5}, {64, 128, 784}, {784, 128, 64}, {64, 784, 128}, {37, 45, 700}, {300, 21, 33}, {13, 4200, 9}, {384, 28, 600}, {64, 10, 128}}
	if testing.Short() || raceEnabled {
		shapes = shapes[:4]
	}
	var cases []*gemmCase
	for _, s := range shapes {
		for tr := 0; tr < 4; tr++ {
			for ab := 0; ab < 9; ab++ {
				if big := s[0]*s[1]*s[2] > 1e6; big && ab != 5 && ab != 7 {
					continue // big shapes: alpha=1,beta=-0.5 and alpha=-0.5,beta=1 only
				} else if big && (testing.Short() || raceEnabled) && ab != 5+tr%2*2 {
					continue // and just one of them per transpose
				}
				cases = append(cases, newGemmCase(tr&1 != 0, tr&2 != 0, s[0], s[1], s[2],
					gemmScalars[ab/3], gemmScalars[ab%3], (tr+ab)%2*5))
			}
		}
	}
	forPaths(t, func(t *testing.T) {
		for _, c := range cases {
			t.Run(c.name(), func(t *testing.T) { c.check(t, c.run(t)) })
		}
	})
}

// TestSgemmThreadsBitIdentical checks that the result does not depend on
// the number of workers, bit for bit, with splitting forced even for small
// problems. It switches the thread count, gemmSyncCost, forceSplit and
// (through forPaths) the kernel, all restored when it ends: not parallel.
func TestSgemmThreadsBitIdentical(t *testing.T) {
	forceSplitting(t, 0)
	// 6 x 300 x 25 and 5 x 70 x 40 run on the skinny kernel where there is
	// one (see forShape).
	shapes := [][3]int{{5, 7, 3}, {33, 65, 129}, {64, 128, 784}, {784, 128, 64}, {129, 31, 300}, {200, 300, 520}, {6, 300, 25}, {5, 70, 40}, {16, 150, 160}}
	var cases []*gemmCase
	for i, s := range shapes {
		cases = append(cases, newGemmCase(i%2 == 1, i%3 == 1, s[0], s[1], s[2], 1.5, -0.5, i%2*3))
	}
	forPaths(t, func(t *testing.T) {
		for _, c := range cases {
			t.Run(c.name(), func(t *testing.T) {
				parallel.SetThreads(1)
				ref := c.run(t)
				c.check(t, ref)
				for _, th := range []int{2, 3, 8} {
					parallel.SetThreads(th)
					got := c.run(t)
					for i := range got {
						if math.Float32bits(got[i]) != math.Float32bits(ref[i]) {
							t.Errorf("%v: element %d = %v with %d threads, %v with 1", c, i-c.off, got[i], th, ref[i])
							break
						}
					}
				}
			})
		}
	})
}

// TestSgemmConcurrent runs calls from several goroutines at once, so that
// -race checks the shared worker pool and buffer recycling. It switches
// the thread count, gemmSyncCost and forceSplit (restored when it ends), so
// it is not parallel with other tests; its own goroutines are the point.
func TestSgemmConcurrent(t *testing.T) {
	forceSplitting(t, 3)
	cases := []*gemmCase{
		newGemmCase(false, false, 40, 50, 60, 1, 0, 0),
		newGemmCase(true, false, 31, 70, 17, -0.5, 1, 2),
		newGemmCase(false, true, 65, 33, 90, 1, -0.5, 1),
		newGemmCase(true, true, 17, 129, 40, -0.5, 0, 0),
		newGemmCase(true, false, 200, 12, 300, 1, 0.5, 1), // through its transpose (gemmFlip)
	}
	var wg sync.WaitGroup
	results := make([][]float32, len(cases))
	for i, c := range cases {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for r := 0; r < 5; r++ {
				results[i] = c.run(t)
			}
		}()
	}
	wg.Wait()
	for i, c := range cases {
		c.check(t, results[i])
	}
}

// forceSplitting sets threads workers (0: GOMAXPROCS) and makes Sgemm split
// every problem, however small, until the test ends. It changes package
// variables: tests that call it must not run in parallel.
func forceSplitting(t *testing.T, threads int) {
	was := parallel.SetThreads(threads)
	saved := gemmSyncCost
	gemmSyncCost = 0
	split := parallel.SetForceSplit(true)
	t.Cleanup(func() {
		parallel.SetThreads(was)
		gemmSyncCost = saved
		parallel.SetForceSplit(split)
	})
}

// TestSgemmPanics checks that bad arguments panic with a clear message.
func TestSgemmPanics(t *testing.T) {
	t.Parallel()
	buf := make([]float32, 100)
	tests := []struct {
		name string
		f    func()
		msg  string
	}{
		{"negative m", func() { Sgemm(false, false, -1, 2, 2, 1, buf, 2, buf, 2, 0, buf, 2) }, "negative dimension"},
		{"negative k", func() { Sgemm(false, false, 2, 2, -3, 1, buf, 2, buf, 2, 0, buf, 2) }, "negative dimension"},
		{"small lda", func() { Sgemm(false, false, 2, 2, 3, 1, buf, 2, buf, 2, 0, buf, 2) }, "lda = 2 < 3"},
		{"small lda trans", func() { Sgemm(true, false, 4, 2, 3, 1, buf, 3, buf, 2, 0, buf, 2) }, "lda = 3 < 4"},
		{"small ldb", func() { Sgemm(false, false, 2, 5, 3, 1, buf, 3, buf, 4, 0, buf, 5) }, "ldb = 4 < 5"},
		{"small ldc", func() { Sgemm(false, false, 2, 5, 3, 1, buf, 3, buf, 5, 0, buf, 4) }, "ldc = 4 < 5"},
		{"short a", func() { Sgemm(false, false, 11, 2, 10, 1, buf, 10, buf, 2, 0, buf, 2) }, "a has 100 elements"},
		{"short b", func() { Sgemm(false, true, 2, 11, 10, 1, buf, 10, buf, 10, 0, buf, 11) }, "b has 100 elements"},
		{"short c", func() { Sgemm(false, false, 10, 10, 1, 1, buf, 1, buf, 10, 0, buf[:99], 10) }, "c has 99 elements"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			defer func() {
				r := recover()
				s, _ := r.(string)
				if !strings.Contains(s, "Sgemm") || !strings.Contains(s, tc.msg) {
					t.Fatalf("panic %v, want a message containing %q", r, tc.msg)
				}
			}()
			tc.f()
		})
	}
}

// TestSgemmZeroAlloc checks that warm calls allocate nothing, on one and on
// several workers. It switches the thread count and forceSplit (restored
// when it ends), and allocation counts are process-wide: not parallel.
func TestSgemmZeroAlloc(t *testing.T) {
	if raceEnabled {
		t.Skip("the race detector allocates")
	}
	was := parallel.SetThreads(2)
	split := parallel.SetForceSplit(true)
	t.Cleanup(func() {
		parallel.SetThreads(was)
		parallel.SetForceSplit(split)
	})
	c := newGemmCase(false, false, 64, 128, 784, 1, 0, 0)
	out := append([]float32(nil), c.c0...)
	for _, th := range []int{1, 2} {
		parallel.SetThreads(th)
		allocs := testing.AllocsPerRun(10, func() {
			Sgemm(false, false, c.m, c.n, c.k, 1, c.a, c.lda, c.b, c.ldb, 0, out[c.off:], c.ldc)
		})
		if allocs != 0 {
			t.Errorf("%d threads: %v allocations per call, want 0", th, allocs)
		}
	}
}
