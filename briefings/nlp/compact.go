package nlp

// compact is a model for inference: an open-addressing hash table from
// feature to a run of (class, weight) pairs, so only weights that survived
// pruning take memory. A slot is 8 bytes and a pair 8 bytes, so a look-up
// costs a cache miss or two; the last pair of a run carries a flag.
type compact struct {
	classes int
	slots   []slot
	pairs   []pair
}

type slot struct {
	key   uint32 // a folded feature; 0 marks an empty slot
	start uint32
}

type pair struct {
	class uint16
	last  bool
	w     float32
}

func (c *compact) find(k uint32) int {
	mask := len(c.slots) - 1
	i := int(uint64(k)*0x9E3779B97F4A7C15>>40) & mask
	for c.slots[i].key != 0 && c.slots[i].key != k {
		i = (i + 1) & mask
	}
	return i
}

func (c *compact) scores(fs []feat, out []float32) {
	clear(out)
	for _, f := range fs {
		k := fold(f)
		if k == 0 {
			k = 1
		}
		s := c.slots[c.find(k)]
		if s.key == 0 {
			continue
		}
		for _, p := range c.pairs[s.start:] {
			out[p.class] += p.w
			if p.last {
				break
			}
		}
	}
}

// scorer is what decoding needs of a model, dense or compact.
type scorer interface {
	scores(fs []feat, out []float32)
}
