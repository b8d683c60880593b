package sqlite

import (
	"sync"

	"github.com/briefbot/briefbot/dedupe"
)

// recent remembers the reports the writer stored lately, numbered in the
// order they were committed. A caller notes the number before it looks for
// duplicates among the stored reports; the writer then checks the report
// only against those stored after that number (and the reports of its own
// batch), in memory, instead of asking the database a second time on the
// one path every report waits for.
type recent struct {
	mu     sync.Mutex
	stored uint64 // reports committed so far
	ring   []recentReport
	next   int // where the next report goes once the ring is full
}

// recentMax is how many reports recent keeps: far more than can be
// committed while one report is analysed.
const recentMax = 4096

type recentReport struct {
	seq           uint64
	id, hash, url string
	sig           dedupe.Signature
	signed        bool
}

func reportOf(p *pending) recentReport {
	return recentReport{id: p.e.ID, hash: p.hash, url: p.r.URL, sig: p.sig, signed: p.signed}
}

// mark is the number of reports committed so far.
func (r *recent) mark() uint64 {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.stored
}

// add records reports once their transaction has committed.
func (r *recent) add(reports []recentReport) {
	r.mu.Lock()
	defer r.mu.Unlock()
	for _, rep := range reports {
		r.stored++
		rep.seq = r.stored
		if len(r.ring) < recentMax {
			r.ring = append(r.ring, rep)
			continue
		}
		r.ring[r.next] = rep
		r.next = (r.next + 1) % recentMax
	}
}

// since returns the reports committed after seen, or false when some of
// them are no longer kept.
func (r *recent) since(seen uint64) ([]recentReport, bool) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.stored-seen > uint64(len(r.ring)) {
		return nil, false
	}
	var out []recentReport
	for _, rep := range r.ring {
		if rep.seq > seen {
			out = append(out, rep)
		}
	}
	return out, true
}

// duplicateAmong returns the id of a report among reports that p repeats:
// the same text or URL, or a near copy.
func duplicateAmong(p *pending, reports []recentReport) string {
	for _, rep := range reports {
		if rep.hash == p.hash || p.r.URL != "" && rep.url == p.r.URL {
			return rep.id
		}
	}
	if !p.signed {
		return ""
	}
	best, bestSim := "", 0.0
	for _, rep := range reports {
		if !rep.signed {
			continue
		}
		if sim := dedupe.Similarity(p.sig, rep.sig); sim >= dedupe.Threshold && sim > bestSim {
			best, bestSim = rep.id, sim
		}
	}
	return best
}
