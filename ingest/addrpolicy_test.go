package ingest

import (
	"context"
	"errors"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
)

func TestPublicAddress(t *testing.T) {
	tests := []struct {
		host string
		want bool
	}{
		{"93.184.215.14", true},
		{"8.8.8.8", true},
		{"2606:4700:4700::1111", true},
		{"64:ff9b::808:808", true}, // NAT64 of 8.8.8.8
		{"2002:808:808::1", true},  // 6to4 of 8.8.8.8
		{"::ffff:8.8.8.8", true},

		{"127.0.0.1", false},
		{"127.255.0.9", false},
		{"0.0.0.0", false},
		{"0.1.2.3", false},
		{"10.1.2.3", false},
		{"100.64.0.1", false},
		{"100.100.100.200", false},
		{"169.254.169.254", false},
		{"172.16.0.1", false},
		{"192.0.0.170", false},
		{"192.0.2.1", false},
		{"192.168.1.1", false},
		{"198.18.0.1", false},
		{"198.19.255.255", false},
		{"198.51.100.7", false},
		{"203.0.113.9", false},
		{"224.0.0.1", false},
		{"240.0.0.1", false},
		{"255.255.255.255", false},

		{"::", false},
		{"::1", false},
		{"::1%lo", false},
		{"::ffff:127.0.0.1", false},
		{"::ffff:127.0.0.1%lo", false},
		{"::ffff:10.0.0.1", false},
		{"::127.0.0.1", false}, // IPv4-compatible
		{"::a9fe:a9fe", false}, // IPv4-compatible 169.254.169.254
		{"64:ff9b::7f00:1", false},
		{"64:ff9b::a9fe:a9fe", false},
		{"64:ff9b:1::808:808", false},
		{"2002:7f00:1::", false},
		{"2002:a9fe:a9fe::1", false},
		{"2001:0:4136:e378:8000:63bf:3fff:fdd2", false}, // Teredo
		{"2001:db8::1", false},
		{"3fff::1", false},
		{"fc00::1", false},
		{"fd12:3456::1", false},
		{"fe80::1", false},
		{"fe80::1%eth0", false},
		{"fec0::1", false},
		{"ff02::1", false},
		{"100::1", false},

		{"", false},
		{"localhost", false},
		{"example.com", false},
		{"2130706433", false},
		{"0x7f.0.0.1", false},
	}
	for _, tt := range tests {
		t.Run(tt.host, func(t *testing.T) {
			if got := PublicAddress(tt.host); got != tt.want {
				t.Errorf("PublicAddress(%q) = %v, want %v", tt.host, got, tt.want)
			}
		})
	}
}

// Every form of a loopback address goes through the real fetcher and dialer
// against a server on loopback; none may reach it.
func TestFetchNeverReachesLoopback(t *testing.T) {
	var hits atomic.Int64
	handler := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		hits.Add(1)
		w.Header().Set("Content-Type", "text/html")
		w.Write([]byte("<html><title>internal</title></html>"))
	})
	v4 := httptest.NewServer(handler)
	defer v4.Close()
	_, port, _ := net.SplitHostPort(strings.TrimPrefix(v4.URL, "http://"))
	urls := []string{
		v4.URL + "/",
		"http://[::ffff:127.0.0.1]:" + port + "/",
		"http://[::ffff:127.0.0.1%25lo]:" + port + "/",
		"http://[::ffff:7f00:1%25lo]:" + port + "/",
		"http://[::1%25lo]:" + port + "/",
		"http://[::1%251]:" + port + "/",
		"http://127.1:" + port + "/",
		"http://2130706433:" + port + "/",
		"http://localhost:" + port + "/",
		"http://LOCALHOST.:" + port + "/",
	}
	if l, err := net.Listen("tcp6", "[::1]:0"); err == nil {
		v6 := httptest.NewUnstartedServer(handler)
		v6.Listener.Close()
		v6.Listener = l
		v6.Start()
		defer v6.Close()
		_, p6, _ := net.SplitHostPort(strings.TrimPrefix(v6.URL, "http://"))
		urls = append(urls, "http://[::1]:"+p6+"/", "http://[::1%25lo]:"+p6+"/", "http://[0:0::1%25lo]:"+p6+"/")
	}
	// A public page that redirects to loopback is refused at the redirect.
	redirect := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, "http://[::1%25lo]:"+port+"/", http.StatusFound)
	}))
	defer redirect.Close()

	closed := NewFetcher(FetchConfig{})
	for _, u := range urls {
		t.Run(u, func(t *testing.T) {
			_, err := closed.Get(context.Background(), u, pageTypes, "", "")
			if !errors.Is(err, ErrPrivateAddress) && !errors.Is(err, ErrBadURL) {
				t.Errorf("got %v, want a refusal", err)
			}
		})
	}
	if n := hits.Load(); n != 0 {
		t.Fatalf("the loopback server was reached %d times", n)
	}

	// The dial-time check covers redirects even when the first URL was allowed.
	allowFirst := NewFetcher(FetchConfig{})
	allowFirst.client.CheckRedirect = nil
	if _, err := allowFirst.Get(context.Background(), redirect.URL, pageTypes, "", ""); err == nil {
		t.Error("the redirect target was fetched")
	}
	if n := hits.Load(); n != 0 {
		t.Fatalf("the loopback server was reached %d times through a redirect", n)
	}
}
