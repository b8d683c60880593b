// Package dedupe finds near-duplicate texts (the same story republished with
// small edits) with MinHash signatures of word shingles.
package dedupe

import (
	"encoding/binary"
	"hash/fnv"
	"strings"
	"unicode"
)

// Hashes is the signature length: the estimate's error is about 1/sqrt(Hashes).
const Hashes = 128

// Shingle is how many words make one shingle.
const Shingle = 5

// Threshold is the Jaccard similarity above which two texts are one story.
const Threshold = 0.85

// Signature is a text's MinHash signature.
type Signature [Hashes]uint32

// multipliers and offsets of the hash family, fixed so signatures stored in
// the database stay comparable across runs.
var mul, add = func() ([Hashes]uint32, [Hashes]uint32) {
	var m, a [Hashes]uint32
	x := uint32(2463534242)
	next := func() uint32 { x ^= x << 13; x ^= x >> 17; x ^= x << 5; return x }
	for i := range m {
		m[i] = next() | 1
		a[i] = next()
	}
	return m, a
}()

// Sign computes the signature of a text; ok is false when the text is too
// short to have one shingle.
func Sign(text string) (sig Signature, ok bool) {
	words := strings.FieldsFunc(strings.ToLower(text), func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) })
	if len(words) < Shingle {
		return sig, false
	}
	for i := range sig {
		sig[i] = ^uint32(0)
	}
	h := fnv.New32a()
	for i := 0; i+Shingle <= len(words); i++ {
		h.Reset()
		for _, w := range words[i : i+Shingle] {
			h.Write([]byte(w))
			h.Write([]byte{' '})
		}
		base := h.Sum32()
		for k := range sig {
			if v := base*mul[k] + add[k]; v < sig[k] {
				sig[k] = v
			}
		}
	}
	return sig, true
}

// Similarity estimates the Jaccard similarity of the two texts' shingles.
func Similarity(a, b Signature) float64 {
	same := 0
	for i := range a {
		if a[i] == b[i] {
			same++
		}
	}
	return float64(same) / Hashes
}

// Bytes encodes a signature for storage.
func (s Signature) Bytes() []byte {
	out := make([]byte, 4*Hashes)
	for i, v := range s {
		binary.LittleEndian.PutUint32(out[4*i:], v)
	}
	return out
}

// FromBytes decodes a stored signature.
func FromBytes(b []byte) (Signature, bool) {
	var s Signature
	if len(b) != 4*Hashes {
		return s, false
	}
	for i := range s {
		s[i] = binary.LittleEndian.Uint32(b[4*i:])
	}
	return s, true
}

// Bands and Rows cut a signature for locality-sensitive hashing: two texts
// share a band's key with probability 1-(1-s^Rows)^Bands, about 0.99 at the
// threshold's similarity of 0.85 and 0.06 at 0.5, so a look-up by band keys
// finds near duplicates without reading every signature.
const (
	Bands = 16
	Rows  = Hashes / Bands
)

// BandKeys hashes each band of the signature to one key.
func (s Signature) BandKeys() [Bands]int64 {
	var out [Bands]int64
	for b := range out {
		h := uint64(14695981039346656037)
		for _, v := range s[b*Rows : (b+1)*Rows] {
			h = (h ^ uint64(v)) * 1099511628211
		}
		out[b] = int64(h >> 1) // SQLite integers are signed
	}
	return out
}
