package conv

import (
	"strings"
	"testing"
)

func TestOutSize(t *testing.T) {
	for _, c := range []struct{ in, k, s, pad, want int }{
		{28, 5, 1, 2, 28},
		{28, 5, 1, 0, 24},
		{7, 3, 2, 1, 4},
		{6, 4, 3, 2, 3},
		{5, 2, 2, 0, 2}, // the last column is dropped
		{2, 3, 1, 0, 0}, // the window does not fit
		{1, 3, 1, 1, 1}, // it fits only with the padding
		{3, 3, 1, 3, 7},
	} {
		if got := OutSize(c.in, c.k, c.s, c.pad); got != c.want {
			t.Errorf("OutSize(%d, %d, %d, %d) = %d, want %d", c.in, c.k, c.s, c.pad, got, c.want)
		}
	}
}

func TestGeometry(t *testing.T) {
	g := Geometry{In: 3, Out: 8, H: 7, W: 6, KH: 3, KW: 2, Stride: 2, Pad: 1}
	if err := g.Validate(); err != nil {
		t.Fatal(err)
	}
	if g.OH() != 4 || g.OW() != 4 || g.InLen() != 126 || g.OutLen() != 128 || g.WeightLen() != 144 {
		t.Errorf("%+v: OH %d OW %d InLen %d OutLen %d WeightLen %d, want 4 4 126 128 144", g, g.OH(), g.OW(), g.InLen(), g.OutLen(), g.WeightLen())
	}
	ok := Geometry{In: 1, Out: 1, H: 5, W: 5, KH: 3, KW: 3, Stride: 1}
	for _, c := range []struct {
		edit func(*Geometry)
		want string
	}{
		{func(g *Geometry) { g.In = 0 }, "conv: 0 input and 1 output channels: both must be positive"},
		{func(g *Geometry) { g.Out = -2 }, "conv: 1 input and -2 output channels"},
		{func(g *Geometry) { g.KW = 0 }, "conv: 3x0 window with stride 1: sizes must be positive"},
		{func(g *Geometry) { g.Stride = 0 }, "conv: 3x3 window with stride 0"},
		{func(g *Geometry) { g.Pad = -1 }, "conv: padding -1 is negative"},
		{func(g *Geometry) { g.H = 0 }, "conv: 0x5 input: sizes must be positive"},
		{func(g *Geometry) { g.W = 2 }, "conv: 5x2 input is smaller than the 3x3 window with padding 0"},
		{func(g *Geometry) { g.H, g.KH, g.Pad = 1, 4, 1 }, "conv: 1x5 input is smaller than the 4x3 window with padding 1"},
	} {
		g := ok
		c.edit(&g)
		err := g.Validate()
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%+v: Validate() = %v, want an error containing %q", g, err, c.want)
		}
		var e Engine
		if e.SetGeometry(g) == nil {
			t.Errorf("%+v: SetGeometry accepted it", g)
		}
	}
	// A rejected geometry leaves the engine as it was.
	var e Engine
	if err := e.SetGeometry(ok); err != nil {
		t.Fatal(err)
	}
	bad := ok
	bad.W = 1
	if e.SetGeometry(bad) == nil || e.Geometry() != ok {
		t.Errorf("after a rejected geometry the engine has %+v, want %+v", e.Geometry(), ok)
	}
}
