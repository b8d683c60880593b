package briefings

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func benchAnalyze(b *testing.B, data []byte) {
	b.Helper()
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Analyze(data, Options{MaxBytes: 64 << 20}); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkAnalyzeSeed runs on the first real report when the shared folder is
// beside the repository; it is not part of the repository.
func BenchmarkAnalyzeSeed(b *testing.B) {
	data, err := os.ReadFile("../../shared/seed/000_23354147e0474606.txt")
	if err != nil {
		b.Skip("seed report not found beside the repository")
	}
	benchAnalyze(b, data)
}

func BenchmarkAnalyzeSample(b *testing.B) {
	data, err := os.ReadFile("../samples/paris-2024.txt")
	if err != nil {
		b.Fatal(err)
	}
	benchAnalyze(b, data)
}

// longReport repeats the test reports, paragraph by paragraph, to size bytes.
func longReport(tb testing.TB, size int) []byte {
	files, _ := filepath.Glob("testdata/*.txt")
	files = append(files, "../samples/paris-2024.txt")
	var paras []string
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			tb.Fatal(err)
		}
		for _, l := range strings.Split(string(data), "\n") {
			if len(strings.Fields(l)) > 8 && !strings.Contains(l, ":") {
				paras = append(paras, l)
			}
		}
	}
	var sb strings.Builder
	sb.WriteString("A long report\n")
	for i := 0; sb.Len() < size; i++ {
		sb.WriteString(paras[i%len(paras)])
		sb.WriteString("\n")
	}
	return []byte(sb.String())
}

func BenchmarkAnalyzeSize(b *testing.B) {
	for _, size := range []int{10 << 10, 100 << 10, 1 << 20} {
		data := longReport(b, size)
		b.Run(fmt.Sprintf("%dKB", size>>10), func(b *testing.B) { benchAnalyze(b, data) })
	}
}
