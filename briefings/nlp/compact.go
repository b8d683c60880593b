package nlp

// compact is a model for inference: an open-addressing hash table from
// feature to a run of (class, weight) pairs, so only weights that survived
// pruning take memory. A slot is 8 bytes and a pair 4 (the file's 16-bit
// weight, summed as integers and scaled once), so a look-up costs a cache
// miss or two. The slot knows how long its run is, so summing one is a
// counted loop the processor runs ahead in, not a walk to a flag.
type compact struct {
	classes int
	slots   []slot
	pairs   []pair
	scale   float32 // a pair's weight is w×scale
}

type slot struct {
	key uint32 // a folded feature; 0 marks an empty slot
	run uint32 // where its run starts in pairs, shifted left 8, and how many pairs it has
}

func (s slot) start() int { return int(s.run >> 8) }
func (s slot) n() int     { return int(s.run & 0xff) }

// maxPairs is how many pairs a model may hold: runs start at 24 bits.
const maxPairs = 1 << 24

type pair struct {
	class uint8
	w     int16
}

func (c *compact) find(k uint32) int {
	mask := len(c.slots) - 1
	i := int(uint64(k)*0x9E3779B97F4A7C15>>40) & mask
	for c.slots[i].key != 0 && c.slots[i].key != k {
		i = (i + 1) & mask
	}
	return i
}

// scores looks features up in passes: the first only loads each feature's
// home slot, with no branch on what it finds, so the processor overlaps the
// cache misses of the whole batch instead of waiting for one after another;
// the second probes on from there and sums the weights. That is most of the
// parser's speed, as the table is far larger than any cache.
func (c *compact) scores(fs []feat, out []float32) {
	var sums [256]int32
	for len(fs) > 0 {
		n := min(len(fs), batch)
		c.scoreBatch(fs[:n], &sums)
		fs = fs[n:]
	}
	for i := range out {
		out[i] = float32(sums[i]) * c.scale
	}
}

const batch = 64

func (c *compact) scoreBatch(fs []feat, out *[256]int32) {
	var keys [batch]uint32
	var home [batch]slot
	var first [batch]pair
	mask := len(c.slots) - 1
	for i, f := range fs {
		k := fold(f)
		if k == 0 {
			k = 1
		}
		keys[i] = k
		home[i] = c.slots[int(uint64(k)*0x9E3779B97F4A7C15>>40)&mask]
	}
	for i := range fs {
		s := home[i]
		if s.key != keys[i] && s.key != 0 {
			s = c.slots[c.find(keys[i])]
		}
		if s.key != keys[i] {
			s = slot{}
		}
		home[i] = s
		first[i] = c.pairs[s.start()] // pairs[0] when not found: loaded, never summed
	}
	for i := range fs {
		s := home[i]
		if s.n() == 0 {
			continue
		}
		out[first[i].class] += int32(first[i].w)
		for _, p := range c.pairs[s.start()+1 : s.start()+s.n()] {
			out[p.class] += int32(p.w)
		}
	}
}

// scorer is what decoding needs of a model, dense or compact.
type scorer interface {
	scores(fs []feat, out []float32)
}
