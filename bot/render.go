package bot

import (
	"fmt"
	"strings"
)

// TextChunks renders a reply as plain text, one chunk per line, for the
// console and for platforms without markup.
func TextChunks(r Reply) []Chunk {
	var out []Chunk
	if r.Title != "" {
		out = append(out, Chunk{Body: r.Title, Break: true})
		out = append(out, Chunk{Body: strings.Repeat("─", min(len([]rune(r.Title)), 60))})
	}
	for _, b := range r.Blocks {
		if b.Heading != "" {
			out = append(out, Chunk{Body: "\n" + b.Heading, Break: true})
		}
		if b.Text != "" {
			out = append(out, Chunk{Body: b.Text})
		}
		for _, it := range b.Items {
			out = append(out, Chunk{Open: "• ", Body: ItemText(it)})
		}
	}
	if r.Footer != "" {
		out = append(out, Chunk{Body: "\n" + r.Footer, Break: true})
	}
	return out
}

// ItemText is an item as one line: "text — note [s3]".
func ItemText(it Item) string {
	plain := func(s string) string { return s }
	return FormatItem(it, plain, plain)
}

// FormatItem is an item's line with each part escaped for a platform's
// markup, and its mark, if any, made bold by bold.
func FormatItem(it Item, esc, bold func(string) string) string {
	s := esc(it.Text)
	if i := strings.Index(it.Text, it.Mark); it.Mark != "" && i >= 0 {
		s = esc(it.Text[:i]) + bold(esc(it.Mark)) + esc(it.Text[i+len(it.Mark):])
	}
	if it.Note != "" {
		s += " — " + esc(it.Note)
	}
	if it.Cite != "" {
		s += " [" + esc(it.Cite) + "]"
	}
	return s
}

// RenderText is a whole reply as plain text.
func RenderText(r Reply) string {
	var b strings.Builder
	for _, c := range TextChunks(r) {
		b.WriteString(c.Open + c.Body + c.Close + "\n")
	}
	return b.String()
}

// Count writes n with the noun in the right number: "1 briefing", "2 briefings".
func Count(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return fmt.Sprintf("%d %s", n, many)
}
