package mnist

import (
	"math"
	"strings"
	"testing"
)

func TestConfusion(t *testing.T) {
	c := NewConfusion(3)
	// true, pred pairs: class 0: 2 right, 1 as 1; class 1: 1 right;
	// class 2: 1 as 0; nothing predicted as 2.
	for _, tp := range [][2]int{{0, 0}, {0, 0}, {0, 1}, {1, 1}, {2, 0}} {
		c.Add(tp[0], tp[1])
	}
	near := func(a, b float64) bool { return math.Abs(a-b) < 1e-12 }
	if c.Total() != 5 || c.Correct() != 3 || !near(c.Accuracy(), 0.6) {
		t.Fatalf("total %d correct %d acc %v", c.Total(), c.Correct(), c.Accuracy())
	}
	if !near(c.Precision(0), 2.0/3) || !near(c.Recall(0), 2.0/3) {
		t.Errorf("class 0: p %v r %v", c.Precision(0), c.Recall(0))
	}
	if !near(c.Precision(1), 0.5) || !near(c.Recall(1), 1) {
		t.Errorf("class 1: p %v r %v", c.Precision(1), c.Recall(1))
	}
	if c.Precision(2) != 0 || c.Recall(2) != 0 || c.Support(2) != 1 {
		t.Errorf("class 2: p %v r %v", c.Precision(2), c.Recall(2))
	}
	var b strings.Builder
	if err := c.WriteTable(&b); err != nil {
		t.Fatal(err)
	}
	out := b.String()
	for _, want := range []string{"accuracy 60.00% (3/5)", "    1     50.00%  100.00%        1", "     0     2     1     0"} {
		if !strings.Contains(out, want) {
			t.Errorf("table lacks %q:\n%s", want, out)
		}
	}
	c.Reset()
	if c.Total() != 0 || c.Accuracy() != 0 {
		t.Error("Reset left counts")
	}
}
