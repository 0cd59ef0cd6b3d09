package nn

import "math"

// StepDecay multiplies the learning rate by gamma every `every` steps:
// lr(t) = base·gamma^⌊t/every⌋ (PyTorch's StepLR).
func StepDecay(base float32, every int, gamma float32) Schedule {
	return func(t int) float32 {
		return base * float32(math.Pow(float64(gamma), float64(t/every)))
	}
}

// Cosine anneals the learning rate from base to min over total steps along
// half a cosine, then stays at min (PyTorch's CosineAnnealingLR without
// restarts): lr(t) = min + (base-min)·(1+cos(π·t/total))/2.
func Cosine(base, min float32, total int) Schedule {
	return func(t int) float32 {
		if t >= total {
			return min
		}
		c := (1 + math.Cos(math.Pi*float64(t)/float64(total))) / 2
		return min + (base-min)*float32(c)
	}
}
