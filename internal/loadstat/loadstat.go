// Package loadstat summarises the latencies of a load run for benchmarks
// and the end-to-end suite.
package loadstat

import (
	"sort"
	"testing"
	"time"
)

// Percentile is the p-th percentile of the latencies (sorted in place).
func Percentile(lat []time.Duration, p int) time.Duration {
	if len(lat) == 0 {
		return 0
	}
	sort.Slice(lat, func(i, j int) bool { return lat[i] < lat[j] })
	return lat[(len(lat)-1)*p/100]
}

// Report puts throughput, p50 and p99 on a benchmark's line.
func Report(b *testing.B, lat []time.Duration, elapsed time.Duration, unit string) {
	b.ReportMetric(float64(len(lat))/elapsed.Seconds(), unit+"/s")
	b.ReportMetric(float64(Percentile(lat, 50).Microseconds())/1000, "p50-ms")
	b.ReportMetric(float64(Percentile(lat, 99).Microseconds())/1000, "p99-ms")
}
