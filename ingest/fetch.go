// Package ingest keeps briefings coming: report files and folders, web
// pages and RSS, Atom and JSON feeds, fetched safely and stored once.
package ingest

import (
	"context"
	"errors"
	"fmt"
	"io"
	"mime"
	"net"
	"net/http"
	"net/netip"
	"net/url"
	"strings"
	"syscall"
	"time"
)

// Errors a fetch can end with; test them with errors.Is.
var (
	ErrPrivateAddress = errors.New("the address is not on the public internet")
	ErrTooLarge       = errors.New("too large")
	ErrContentType    = errors.New("the response is not of a type briefbot reads")
	ErrRedirects      = errors.New("too many redirects")
	ErrBadURL         = errors.New("not an http or https URL")
	ErrHTTPStatus     = errors.New("the site answered with an error status")
	ErrNotFeed        = errors.New("not a feed briefbot can read")
	ErrTooComplex     = errors.New("the page has more markup than briefbot reads")
)

// UserAgent says who is fetching, and where to read about it.
const UserAgent = "briefbot/1.0 (+https://github.com/briefbot/briefbot; meeting briefings)"

// FetchConfig tunes the fetcher.
type FetchConfig struct {
	Timeout      time.Duration // whole request; default 20s
	MaxBytes     int64         // largest body; default 5 MB
	MaxRedirects int           // default 5
	AllowPrivate bool          // tests only: reach loopback and private addresses
	Transport    *http.Transport
}

// Fetcher gets pages and feeds over HTTP, refusing private addresses at dial
// time (so a redirect or a DNS answer cannot sneak one in).
type Fetcher struct {
	cfg    FetchConfig
	client *http.Client
}

// NewFetcher returns a fetcher.
func NewFetcher(cfg FetchConfig) *Fetcher {
	if cfg.Timeout <= 0 {
		cfg.Timeout = 20 * time.Second
	}
	if cfg.MaxBytes <= 0 {
		cfg.MaxBytes = 5 << 20
	}
	if cfg.MaxRedirects <= 0 {
		cfg.MaxRedirects = 5
	}
	tr := cfg.Transport
	if tr == nil {
		tr = http.DefaultTransport.(*http.Transport).Clone()
	}
	dialer := &net.Dialer{Timeout: 10 * time.Second, Control: func(network, address string, _ syscall.RawConn) error {
		if cfg.AllowPrivate {
			return nil
		}
		host, _, err := net.SplitHostPort(address)
		if err != nil || !PublicAddress(host) {
			return fmt.Errorf("%w: %s", ErrPrivateAddress, address)
		}
		return nil
	}}
	tr.DialContext = dialer.DialContext
	tr.Proxy = nil // a proxy would dial for us and skip the check
	f := &Fetcher{cfg: cfg}
	f.client = &http.Client{Transport: tr, Timeout: cfg.Timeout, CheckRedirect: func(req *http.Request, via []*http.Request) error {
		if len(via) >= cfg.MaxRedirects {
			return fmt.Errorf("%w (more than %d)", ErrRedirects, cfg.MaxRedirects)
		}
		return checkURL(req.URL, cfg.AllowPrivate)
	}}
	return f
}

// checkURL refuses other schemes and literal private hosts before dialing,
// so the error is plain.
func checkURL(u *url.URL, allowPrivate bool) error {
	if u.Scheme != "http" && u.Scheme != "https" || u.Host == "" {
		return fmt.Errorf("%w: %q", ErrBadURL, u.String())
	}
	host := u.Hostname()
	if allowPrivate {
		return nil
	}
	name := strings.TrimSuffix(strings.ToLower(host), ".")
	if name == "localhost" || strings.HasSuffix(name, ".localhost") {
		return fmt.Errorf("%w: %s", ErrPrivateAddress, host)
	}
	if _, err := netip.ParseAddr(host); err == nil {
		if !PublicAddress(host) {
			return fmt.Errorf("%w: %s", ErrPrivateAddress, host)
		}
		return nil
	}
	if strings.ContainsAny(host, "%[]") || numericLastLabel(name) {
		// A zone on a name, or a shorthand IPv4 form (127.1, 2130706433,
		// 0x7f.1) that some resolvers would turn into an address.
		return fmt.Errorf("%w: %q", ErrBadURL, host)
	}
	return nil
}

// numericLastLabel reports whether a host name ends in a label that URL
// parsers read as a number, which makes the whole name an IPv4 shorthand.
func numericLastLabel(name string) bool {
	last := name[strings.LastIndexByte(name, '.')+1:]
	if last == "" {
		return false
	}
	if strings.HasPrefix(last, "0x") {
		return true
	}
	return strings.Trim(last, "0123456789") == ""
}

// Response is what a fetch brought back.
type Response struct {
	URL          string // after redirects
	Status       int
	ContentType  string
	Body         []byte
	ETag         string
	LastModified string
}

// Get fetches a URL. accept lists the media types wanted (prefix match);
// conditional carries If-None-Match / If-Modified-Since values, if any. A 304
// comes back with an empty body and no error.
func (f *Fetcher) Get(ctx context.Context, raw string, accept []string, etag, lastModified string) (*Response, error) {
	u, err := url.Parse(strings.TrimSpace(raw))
	if err != nil {
		return nil, fmt.Errorf("%w: %q", ErrBadURL, raw)
	}
	if err := checkURL(u, f.cfg.AllowPrivate); err != nil {
		return nil, err
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u.String(), nil)
	if err != nil {
		return nil, err
	}
	req.Header.Set("User-Agent", UserAgent)
	req.Header.Set("Accept", strings.Join(accept, ", ")+", */*;q=0.1")
	if etag != "" {
		req.Header.Set("If-None-Match", etag)
	}
	if lastModified != "" {
		req.Header.Set("If-Modified-Since", lastModified)
	}
	resp, err := f.client.Do(req)
	if err != nil {
		return nil, fmt.Errorf("fetch %s: %w", u.Redacted(), err)
	}
	defer resp.Body.Close()
	out := &Response{URL: resp.Request.URL.String(), Status: resp.StatusCode, ETag: resp.Header.Get("ETag"), LastModified: resp.Header.Get("Last-Modified")}
	if resp.StatusCode == http.StatusNotModified {
		return out, nil
	}
	if resp.StatusCode < 200 || resp.StatusCode > 299 {
		return out, fmt.Errorf("fetch %s: %w: HTTP %d", u.Redacted(), ErrHTTPStatus, resp.StatusCode)
	}
	mt, _, _ := mime.ParseMediaType(resp.Header.Get("Content-Type"))
	out.ContentType = mt
	if !acceptable(mt, accept) {
		return out, fmt.Errorf("%w: %s is %q", ErrContentType, u.Redacted(), mt)
	}
	if resp.ContentLength > f.cfg.MaxBytes {
		return out, fmt.Errorf("%w: %s is %d bytes (limit %d)", ErrTooLarge, u.Redacted(), resp.ContentLength, f.cfg.MaxBytes)
	}
	body, err := io.ReadAll(io.LimitReader(resp.Body, f.cfg.MaxBytes+1))
	if err != nil {
		return out, fmt.Errorf("fetch %s: read: %w", u.Redacted(), err)
	}
	if int64(len(body)) > f.cfg.MaxBytes {
		return out, fmt.Errorf("%w: %s is over %d bytes", ErrTooLarge, u.Redacted(), f.cfg.MaxBytes)
	}
	out.Body = body
	return out, nil
}

func acceptable(mt string, accept []string) bool {
	if mt == "" {
		return false
	}
	for _, a := range accept {
		if strings.HasPrefix(mt, a) {
			return true
		}
	}
	return false
}

// Canonical drops what does not change a page: the fragment, tracking
// parameters, a trailing slash.
func Canonical(raw string) string {
	u, err := url.Parse(strings.TrimSpace(raw))
	if err != nil {
		return raw
	}
	u.Fragment = ""
	u.Host = strings.ToLower(u.Host)
	q := u.Query()
	for k := range q {
		lk := strings.ToLower(k)
		if strings.HasPrefix(lk, "utm_") || lk == "fbclid" || lk == "gclid" || lk == "ocid" || lk == "taid" {
			q.Del(k)
		}
	}
	u.RawQuery = q.Encode()
	if len(u.Path) > 1 {
		u.Path = strings.TrimSuffix(u.Path, "/")
	}
	return u.String()
}
