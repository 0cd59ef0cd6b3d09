package kernels

// Packing copies blocks of op(A) and op(B) into the contiguous slivers the
// micro-kernel streams. Transposes are absorbed here: the kernel never sees
// strides. Partial slivers at the edges are zero-padded so the kernel always
// runs on full slivers; the extra rows and columns of its result are
// discarded by the caller.

// packA copies the mb x kb block of op(A) whose top-left element is at row
// i0, column p0 into dst as ceil(mb/mr) slivers; sliver s holds, for each
// p < kb in turn, the mr values of rows s*mr .. s*mr+mr-1 in column p.
func packA(dst, a []float32, lda int, trans bool, i0, p0, mb, kb, mr int) {
	for s := 0; s < mb; s += mr {
		rows := min(mr, mb-s)
		d := dst[s*kb : s*kb+mr*kb]
		switch {
		case trans:
			// op(A)[i][p] = a[p*lda+i]: column p of the sliver is contiguous.
			off := p0*lda + i0 + s
			for p := 0; p < kb; p++ {
				copy(d[p*mr:p*mr+rows], a[off:off+rows])
				off += lda
			}
		case rows == 6 && mr == 6:
			packRows6(d, a, lda, (i0+s)*lda+p0, kb)
			continue
		case rows == 14 && mr == 14:
			packRows14(d, a, lda, (i0+s)*lda+p0, kb)
			continue
		default:
			for r := 0; r < rows; r++ {
				off := (i0+s+r)*lda + p0
				for p, v := range a[off : off+kb] {
					d[p*mr+r] = v
				}
			}
		}
		if rows < mr {
			for p := 0; p < kb; p++ {
				clear(d[p*mr+rows : p*mr+mr])
			}
		}
	}
}

// packRows6 interleaves six rows of kb values, stride lda, starting at
// a[off], into d: d[6p+r] = row r[p]. It is the common case (A not
// transposed, 6-row kernel) and worth a loop without per-element bounds
// checks.
func packRows6(d, a []float32, lda, off, kb int) {
	r0 := a[off : off+kb]
	r1 := a[off+lda : off+lda+kb]
	r2 := a[off+2*lda : off+2*lda+kb]
	r3 := a[off+3*lda : off+3*lda+kb]
	r4 := a[off+4*lda : off+4*lda+kb]
	r5 := a[off+5*lda : off+5*lda+kb]
	d = d[:6*kb]
	for p := range r0 {
		q := d[6*p : 6*p+6 : 6*p+6]
		q[0], q[1], q[2], q[3], q[4], q[5] = r0[p], r1[p], r2[p], r3[p], r4[p], r5[p]
	}
}

// packB copies the kb x nb block of op(B) whose top-left element is at row
// p0, column j0 into dst as ceil(nb/nr) slivers; sliver t holds, for each
// p < kb in turn, the nr values of row p in columns t*nr .. t*nr+nr-1.
func packB(dst, b []float32, ldb int, trans bool, p0, j0, kb, nb, nr int) {
	j := 0
	if !trans && nr == 32 {
		// Full slivers, packBGroup32's groups of them at a time.
		for ; j+packBGroup*32 <= nb; j += packBGroup * 32 {
			packBGroup32(dst[j*kb:], b, ldb, p0*ldb+j0+j, kb)
		}
	}
	for ; j < nb; j += nr {
		cols := min(nr, nb-j)
		d := dst[j*kb : j*kb+nr*kb]
		if !trans {
			// op(B)[p][j] = b[p*ldb+j]: row p of the sliver is contiguous.
			off := p0*ldb + j0 + j
			for p := 0; p < kb; p++ {
				copy(d[p*nr:p*nr+cols], b[off:off+cols])
				off += ldb
			}
		} else {
			// op(B)[p][j] = b[j*ldb+p]: each column of the sliver is a
			// contiguous row of b. Eight at a time are interleaved, in
			// steps of 64 p so that the part of the sliver being written
			// stays in L1 across the passes over its columns; the rest
			// one by one.
			full := cols / 8 * 8
			for pb := 0; pb < kb; pb += 64 {
				pn := min(64, kb-pb)
				for c := 0; c < full; c += 8 {
					packCols8(d[pb*nr+c:], nr, b, ldb, (j0+j+c)*ldb+p0+pb, pn)
				}
			}
			for c := full; c < cols; c++ {
				off := (j0+j+c)*ldb + p0
				for p, v := range b[off : off+kb] {
					d[p*nr+c] = v
				}
			}
		}
		if cols < nr {
			for p := 0; p < kb; p++ {
				clear(d[p*nr+cols : p*nr+nr])
			}
		}
	}
}

// packRows14 is packRows6 for the 14-row AVX-512 kernel.
func packRows14(d, a []float32, lda, off, kb int) {
	r0 := a[off : off+kb]
	r1 := a[off+lda : off+lda+kb]
	r2 := a[off+2*lda : off+2*lda+kb]
	r3 := a[off+3*lda : off+3*lda+kb]
	r4 := a[off+4*lda : off+4*lda+kb]
	r5 := a[off+5*lda : off+5*lda+kb]
	r6 := a[off+6*lda : off+6*lda+kb]
	r7 := a[off+7*lda : off+7*lda+kb]
	r8 := a[off+8*lda : off+8*lda+kb]
	r9 := a[off+9*lda : off+9*lda+kb]
	r10 := a[off+10*lda : off+10*lda+kb]
	r11 := a[off+11*lda : off+11*lda+kb]
	r12 := a[off+12*lda : off+12*lda+kb]
	r13 := a[off+13*lda : off+13*lda+kb]
	d = d[:14*kb]
	for p := range r0 {
		q := d[14*p : 14*p+14 : 14*p+14]
		q[0], q[1], q[2], q[3], q[4], q[5], q[6] = r0[p], r1[p], r2[p], r3[p], r4[p], r5[p], r6[p]
		q[7], q[8], q[9], q[10], q[11], q[12], q[13] = r7[p], r8[p], r9[p], r10[p], r11[p], r12[p], r13[p]
	}
}

// packCols8 interleaves eight rows of kb values of b, stride ldb, starting
// at b[off], into d with stride nr: d[p*nr+r] = row r[p]. It packs a
// transposed B (the weights of a dense layer's forward pass), where the
// column-at-a-time loop wrote each value to a different cache line.
func packCols8(d []float32, nr int, b []float32, ldb, off, kb int) {
	r0 := b[off : off+kb]
	// Re-slicing to len(r0) lets the compiler drop the bounds checks.
	r1 := b[off+ldb:][:len(r0)]
	r2 := b[off+2*ldb:][:len(r0)]
	r3 := b[off+3*ldb:][:len(r0)]
	r4 := b[off+4*ldb:][:len(r0)]
	r5 := b[off+5*ldb:][:len(r0)]
	r6 := b[off+6*ldb:][:len(r0)]
	r7 := b[off+7*ldb:][:len(r0)]
	d = d[:(kb-1)*nr+8]
	for p := range r0 {
		q := d[p*nr : p*nr+8 : p*nr+8]
		q[0], q[1], q[2], q[3] = r0[p], r1[p], r2[p], r3[p]
		q[4], q[5], q[6], q[7] = r4[p], r5[p], r6[p], r7[p]
	}
}

// packBGroup is how many 32-wide slivers of a non-transposed B
// packBGroup32 fills together: 2 KiB of each row, enough for the prefetcher
// to ramp up in each page (16 beat 4 and 8 by ~3% at 2048^3, one thread).
const packBGroup = 16

// packBGroup32 packs packBGroup full 32-wide slivers of a non-transposed B
// whose first element is b[off]: row by row, so that each row's part of the
// group is one contiguous read the hardware prefetcher follows. Sliver by
// sliver, the reads were 128 bytes every ldb floats, which, with ldb a
// large power of two, missed the caches on every row (5% of 2048^3).
func packBGroup32(dst, b []float32, ldb, off, kb int) {
	for p := 0; p < kb; p++ {
		row := b[off+p*ldb : off+p*ldb+packBGroup*32]
		for t := 0; t < packBGroup; t++ {
			*(*[32]float32)(dst[t*32*kb+p*32:]) = *(*[32]float32)(row[t*32:])
		}
	}
}
