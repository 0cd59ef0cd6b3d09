package nn

import (
	"math"
	"slices"
	"testing"

	"github.com/corten-ml/corten/tensor"
)

func TestScalers(t *testing.T) {
	train := tensor.FromSlice([]float32{0, 7, 5, 7, 10, 7, 5, 7}, 4, 2)
	test := tensor.FromSlice([]float32{5, 4, 20, 10}, 2, 2)

	s := FitStandard(train, 0)
	z := s.Transform(nil, train).Data()
	for j := range 2 {
		var mean, sq float64
		for i := range 4 {
			mean += float64(z[i*2+j]) / 4
			sq += float64(z[i*2+j]*z[i*2+j]) / 4
		}
		// Column 1 is constant: it maps to 0, not NaN.
		wantSq := 1.0
		if j == 1 {
			wantSq = 0
		}
		if math.Abs(mean) > 1e-6 || math.Abs(sq-wantSq) > 1e-5 {
			t.Errorf("column %d: mean %g, mean square %g", j, mean, sq)
		}
	}
	// Test data uses the training statistics, unchanged; a constant
	// column only shifts (its Std is taken as 1).
	if got := s.Transform(nil, test).At(1, 0); math.Abs(float64(got)-(20-5)/math.Sqrt(12.5)) > 1e-5 {
		t.Errorf("test value standardised to %g", got)
	}

	mm := FitMinMax(train, 0)
	if got := mm.Transform(nil, test).Data(); !equal(got, []float32{0.5, -3, 2, 3}) {
		t.Errorf("min-max of test data %v", got)
	}

	// Round trip through metadata, and a scalar scaler (pixels/255).
	back, err := ScalerFromMetadata(s.Metadata())
	if err != nil || !equal(back.Mean, s.Mean) || !equal(back.Std, s.Std) {
		t.Errorf("metadata round trip %+v %v", back, err)
	}
	px := &Scaler{Scale: 1.0 / 255, Mean: []float32{0.1307}, Std: []float32{0.3081}}
	x := tensor.FromSlice([]float32{0, 255}, 1, 2)
	px.Transform(x, x)
	if math.Abs(float64(x.At(0, 1))-(1-0.1307)/0.3081) > 1e-5 {
		t.Errorf("pixel scaling %v", x)
	}
	if s, err := ScalerFromMetadata(map[string]string{"arch": "relu"}); s != nil || err != nil {
		t.Errorf("no scaler expected: %v %v", s, err)
	}
	if _, err := ScalerFromMetadata(map[string]string{"input_mean": "1,x"}); err == nil {
		t.Error("bad metadata accepted")
	}
}

func TestBatchesAndSplit(t *testing.T) {
	rng := tensor.NewRand(5)
	train, val := Split(10, 0.3, rng)
	if len(train) != 7 || len(val) != 3 {
		t.Fatalf("split %d/%d", len(train), len(val))
	}
	all := slices.Concat(train, val)
	slices.Sort(all)
	if !slices.Equal(all, Range(10)) {
		t.Fatalf("split is not a partition: %v", all)
	}

	x := tensor.New(10, 3)
	for i := range 10 {
		for j := range 3 {
			x.Set(float32(10*i+j), i, j)
		}
	}
	labels := Range(10)
	b := NewBatches(Range(10), 4, tensor.NewRand(1))
	xb, yb := tensor.New(4, 3), make([]int, 4)
	var epochs [2][]int
	for e := range epochs {
		b.Shuffle()
		sizes := []int{}
		for idx := b.Next(); idx != nil; idx = b.Next() {
			xs := GatherRows(xb, x, idx)
			ys := GatherLabels(yb, labels, idx)
			sizes = append(sizes, xs.Dim(0))
			for i, y := range ys {
				if xs.At(i, 2) != float32(10*y+2) {
					t.Fatalf("row %d holds %v for label %d", i, xs.Row(i), y)
				}
				epochs[e] = append(epochs[e], y)
			}
		}
		if !slices.Equal(sizes, []int{4, 4, 2}) || b.Len() != 3 {
			t.Fatalf("batch sizes %v", sizes)
		}
	}
	if slices.Equal(epochs[0], epochs[1]) {
		t.Error("two epochs in the same order")
	}
	// The same seed gives the same order.
	b2 := NewBatches(Range(10), 4, tensor.NewRand(1))
	b2.Shuffle()
	if got := b2.Next(); !slices.Equal(got, epochs[0][:4]) {
		t.Errorf("seeded order %v, want %v", got, epochs[0][:4])
	}
	if a := testing.AllocsPerRun(5, func() {
		b.Shuffle()
		for idx := b.Next(); idx != nil; idx = b.Next() {
			if len(idx) == 4 {
				GatherRows(xb, x, idx)
			}
			GatherLabels(yb, labels, idx)
		}
	}); a != 0 {
		t.Errorf("an epoch of full batches allocates %v times", a)
	}
}

func TestEarlyStopping(t *testing.T) {
	w := tensor.New(2)
	params := []Param{{"w", w, tensor.New(2)}}
	es := NewEarlyStopping(params, 2, false)
	losses := []float64{1.0, 0.5, 0.7, 0.6, 0.55}
	stopAt := -1
	for i, l := range losses {
		w.Fill(float32(i)) // the "weights" after epoch i
		if es.Observe(l) {
			stopAt = i
			break
		}
	}
	if stopAt != 3 {
		t.Fatalf("stopped at %d, want 3", stopAt)
	}
	es.Restore()
	if best, at := es.Best(); best != 0.5 || at != 1 || w.At(0) != 1 {
		t.Fatalf("best %v at %d, weights %v", best, at, w)
	}
	acc := NewEarlyStopping(params, 1, true)
	acc.MinDelta = 0.01
	if acc.Observe(0.9) || !acc.Observe(0.905) {
		t.Fatal("accuracy: an improvement below MinDelta must count as none")
	}
}
