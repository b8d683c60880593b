package ingest

import (
	"bytes"
	"context"
	"fmt"
	"net/url"
	"regexp"
	"strings"

	readability "codeberg.org/readeck/go-readability/v2"
	"golang.org/x/net/html"

	"github.com/briefbot/briefbot/bot"
)

// pageTypes are the media types a web page may have.
var pageTypes = []string{"text/html", "application/xhtml+xml", "text/plain", "text/markdown"}

// Page fetches a web page and returns its main text as a report, with the
// title, author and published date from the page's metadata.
func (f *Fetcher) Page(ctx context.Context, raw string) (bot.Report, error) {
	resp, err := f.Get(ctx, raw, pageTypes, "", "")
	if err != nil {
		return bot.Report{}, err
	}
	r, err := FromBytes(resp.Body, resp.ContentType, resp.URL)
	if err != nil {
		return bot.Report{}, err
	}
	r.Source = Canonical(resp.URL)
	r.URL = Canonical(resp.URL)
	return r, nil
}

// FromBytes turns a document of a media type into a report's text.
func FromBytes(body []byte, mediaType, pageURL string) (bot.Report, error) {
	switch {
	case strings.Contains(mediaType, "html"):
		return fromHTML(body, pageURL)
	case strings.Contains(mediaType, "markdown"):
		return bot.Report{Text: []byte(StripMarkdown(string(body)))}, nil
	default:
		return bot.Report{Text: body}, nil
	}
}

// fromHTML extracts the article with readability and writes it as a report:
// headline, "By" line, then the body's paragraphs.
func fromHTML(body []byte, pageURL string) (bot.Report, error) {
	if err := markupBudget(body); err != nil {
		return bot.Report{}, err
	}
	u, _ := url.Parse(pageURL)
	if u == nil || u.Host == "" {
		u = &url.URL{Scheme: "https", Host: "local.invalid", Path: "/"}
	}
	p := readability.NewParser()
	art, err := p.Parse(bytes.NewReader(body), u)
	if err != nil {
		return bot.Report{}, fmt.Errorf("extract the article: %w", err)
	}
	var text bytes.Buffer
	if art.Node != nil {
		if err := art.RenderText(&text); err != nil {
			return bot.Report{}, fmt.Errorf("extract the article: %w", err)
		}
	}
	var doc strings.Builder
	title := strings.TrimSpace(art.Title())
	if title != "" {
		doc.WriteString(title + "\n")
	}
	if by := strings.TrimSpace(art.Byline()); by != "" && len(by) < 120 {
		if !strings.HasPrefix(strings.ToLower(by), "by ") {
			by = "By " + by
		}
		doc.WriteString(by + "\n")
	}
	body2 := strings.TrimSpace(text.String())
	// The article's own first line is often the headline again.
	body2 = strings.TrimPrefix(body2, title)
	doc.WriteString(strings.TrimSpace(body2))
	r := bot.Report{Title: title, Text: []byte(doc.String())}
	if t, err := art.PublishedTime(); err == nil && !t.IsZero() {
		r.Published = t
	}
	if strings.TrimSpace(body2) == "" {
		return r, fmt.Errorf("the page has no article text")
	}
	return r, nil
}

// HTMLText is the visible text of an HTML fragment (feed item contents).
func HTMLText(s string) string {
	if !strings.Contains(s, "<") {
		return html.UnescapeString(s)
	}
	doc, err := html.Parse(strings.NewReader(s))
	if err != nil {
		return s
	}
	var b strings.Builder
	var walk func(n *html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.ElementNode && (n.Data == "script" || n.Data == "style") {
			return
		}
		if n.Type == html.TextNode {
			b.WriteString(n.Data)
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
		if n.Type == html.ElementNode {
			switch n.Data {
			case "p", "div", "br", "li", "h1", "h2", "h3", "h4", "blockquote", "tr":
				b.WriteString("\n")
			}
		}
	}
	walk(doc)
	return strings.TrimSpace(blankLines.ReplaceAllString(b.String(), "\n"))
}

var (
	blankLines = regexp.MustCompile(`\n{2,}`)
	mdImage    = regexp.MustCompile(`!\[[^\]]*\]\([^)]*\)`)
	mdLink     = regexp.MustCompile(`\[([^\]]+)\]\([^)]*\)`)
	mdHeading  = regexp.MustCompile(`(?m)^#{1,6}\s+`)
	mdEmphasis = regexp.MustCompile(`(\*\*|__|\*|_)(\S[^*_]*?\S|\S)(\*\*|__|\*|_)`)
	mdQuote    = regexp.MustCompile(`(?m)^>\s?`)
	mdList     = regexp.MustCompile(`(?m)^\s*[-*+]\s+`)
	mdFence    = regexp.MustCompile("(?m)^```.*$")
)

// StripMarkdown keeps the words of a Markdown document and drops its marks.
func StripMarkdown(s string) string {
	s = mdFence.ReplaceAllString(s, "")
	s = mdImage.ReplaceAllString(s, "")
	s = mdLink.ReplaceAllString(s, "$1")
	s = mdHeading.ReplaceAllString(s, "")
	s = mdQuote.ReplaceAllString(s, "")
	s = mdList.ReplaceAllString(s, "")
	s = mdEmphasis.ReplaceAllString(s, "$2")
	return s
}

// Limits on the markup handed to readability, whose DOM costs far more than
// the bytes: a page of unclosed tags nests every element in the last.
const (
	maxElements = 60000
	maxDepth    = 400
)

// markupBudget counts elements and their nesting with the streaming
// tokenizer, before any tree is built.
func markupBudget(body []byte) error {
	z := html.NewTokenizer(bytes.NewReader(body))
	elements, depth := 0, 0
	for {
		switch z.Next() {
		case html.ErrorToken:
			return nil
		case html.StartTagToken:
			elements++
			name, _ := z.TagName()
			if !voidElement[string(name)] {
				depth++
			}
		case html.EndTagToken:
			depth = max(depth-1, 0)
		}
		if elements > maxElements || depth > maxDepth {
			return fmt.Errorf("%w (over %d elements or %d levels deep)", ErrTooComplex, maxElements, maxDepth)
		}
	}
}

var voidElement = map[string]bool{"area": true, "base": true, "br": true, "col": true, "embed": true, "hr": true, "img": true,
	"input": true, "link": true, "meta": true, "source": true, "track": true, "wbr": true, "p": true, "li": true, "td": true, "tr": true, "option": true}
