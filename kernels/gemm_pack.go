package kernels

// Packing copies blocks of op(A) and op(B) into the contiguous slivers the
// micro-kernel streams. Transposes are absorbed here: the kernel never sees
// strides. Partial slivers at the edges are zero-padded so the kernel always
// runs on full slivers; the extra rows and columns of its result are
// discarded by the caller.

// packA copies the mb x kb block of op(A) whose top-left element is at row
// i0, column p0 into dst as ceil(mb/mr) slivers; sliver s holds, for each
// p < kb in turn, the mr values of rows s*mr .. s*mr+mr-1 in column p.
func packA(mk *microKernel, dst, a []float32, lda int, trans bool, i0, p0, mb, kb int) {
	mr := mk.mr
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
		case rows == mr && mk.packRows != nil:
			// The common case, a full sliver of a non-transposed A.
			off := (i0+s)*lda + p0
			mk.packRows(d, a[off:off+(mr-1)*lda+kb], lda, kb)
			continue
		default:
			for r := 0; r < rows; r++ {
				off := (i0+s+r)*lda + p0
				scatter(d, mr, r, a[off:off+kb])
			}
		}
		zeroPad(d, mr, rows, kb)
	}
}

// packB copies the kb x nb block of op(B) whose top-left element is at row
// p0, column j0 into dst as ceil(nb/nr) slivers; sliver t holds, for each
// p < kb in turn, the nr values of row p in columns t*nr .. t*nr+nr-1.
func packB(mk *microKernel, dst, b []float32, ldb int, trans bool, p0, j0, kb, nb int) {
	nr := mk.nr
	j := 0
	if !trans {
		// Full slivers, in groups of at most packBGroup, row by row.
		for ; j+nr <= nb; j += packBGroup * nr {
			t := min(packBGroup, (nb-j)/nr)
			off := p0*ldb + j0 + j
			mk.packSlivers(dst[j*kb:j*kb+t*nr*kb], b[off:off+(kb-1)*ldb+t*nr], ldb, kb, nr, t)
		}
		j = nb / nr * nr
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
			// contiguous row of b, so packing is a transpose. The
			// kernel's transpose8, where there is one, does the 8 x 8
			// blocks; the Go path interleaves eight columns at a time in
			// steps of 64 p, so that the part of the sliver being written
			// stays in L1 across the passes over its columns; leftover
			// columns go one by one.
			full := cols / 8 * 8
			done := 0 // leading p already packed for the full groups
			if mk.transpose8 != nil && full > 0 && kb >= 8 {
				done = kb / 8 * 8
				off := (j0+j)*ldb + p0
				mk.transpose8(d, nr, b[off:off+(full-1)*ldb+done], ldb, full, done)
			}
			for pb := done; pb < kb; pb += 64 {
				pn := min(64, kb-pb)
				for c := 0; c < full; c += 8 {
					packCols8(d[pb*nr+c:], nr, b, ldb, (j0+j+c)*ldb+p0+pb, pn)
				}
			}
			for c := full; c < cols; c++ {
				off := (j0+j+c)*ldb + p0
				scatter(d, nr, c, b[off:off+kb])
			}
		}
		zeroPad(d, nr, cols, kb)
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

// scatter writes src down column col of a sliver of width w:
// d[p*w+col] = src[p].
func scatter(d []float32, w, col int, src []float32) {
	for p, v := range src {
		d[p*w+col] = v
	}
}

// zeroPad clears columns used..w-1 of the kb rows of a sliver of width w,
// the padding of a partial sliver.
func zeroPad(d []float32, w, used, kb int) {
	for p := 0; used < w && p < kb; p++ {
		clear(d[p*w+used : p*w+w])
	}
}

// packBGroup is how many nr-wide slivers of a non-transposed B packB
// fills together, row by row, so that each row's part of the group is one
// contiguous read the hardware prefetcher follows (2 KiB with nr = 32;
// sliver by sliver, the reads were 128 bytes every ldb floats, which with
// ldb a large power of two missed the caches on every row).
const packBGroup = 16

// packSliversGo is the Go microKernel.packSlivers: row p of b (at
// b[p*ldb], slivers*nr floats) goes to row p of each sliver.
func packSliversGo(dst, b []float32, ldb, kb, nr, slivers int) {
	for p := 0; p < kb; p++ {
		row := b[p*ldb : p*ldb+slivers*nr]
		for t := 0; t < slivers; t++ {
			copy(dst[t*nr*kb+p*nr:t*nr*kb+p*nr+nr], row[t*nr:t*nr+nr])
		}
	}
}
