package briefings

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/briefbot/briefbot/briefings/nlp"
)

func benchAnalyze(b *testing.B, data []byte) {
	b.Helper()
	// The models load once per process, before the first report
	// (BenchmarkLoad in briefings/nlp measures that); a report's cost is what
	// comes after.
	if _, err := nlp.Default(); err != nil {
		b.Fatal(err)
	}
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

// namesReport has n distinct people, each named in full and then by surname,
// as a long list of meetings would.
func namesReport(n int) []byte {
	given := []string{"Anna", "Boris", "Carla", "Dmitri", "Elena", "Farid", "Greta", "Hassan", "Irina", "Jonas", "Kofi", "Leila", "Marek", "Nadia", "Oskar", "Priya"}
	var sb strings.Builder
	sb.WriteString("Delegates gather for the conference\n")
	for i := 0; i < n; i++ {
		surname := syllables(i)
		fmt.Fprintf(&sb, "Minister %s %s met the delegation on Monday. %s said the talks would resume.\n", given[i%len(given)], surname, surname)
	}
	return []byte(sb.String())
}

// syllables spells i as a distinct capitalised name.
func syllables(i int) string {
	parts := []string{"ka", "lo", "mi", "ne", "ru", "sa", "ti", "vo", "ze", "da"}
	var b strings.Builder
	for {
		b.WriteString(parts[i%10])
		i /= 10
		if i == 0 {
			break
		}
	}
	s := b.String() + "ev"
	return strings.ToUpper(s[:1]) + s[1:]
}

// BenchmarkDistinctNames shows the cost per name staying flat from 1,000 to
// 10,000 distinct people (ns/op divided by the count).
func BenchmarkDistinctNames(b *testing.B) {
	for _, n := range []int{1000, 10000} {
		data := namesReport(n)
		b.Run(fmt.Sprintf("%dnames", n), func(b *testing.B) { benchAnalyze(b, data) })
	}
}
