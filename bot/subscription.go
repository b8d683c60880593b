package bot

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/robfig/cron/v3"
)

// ChatRef names a chat on a platform.
type ChatRef struct {
	Platform string
	ChatID   string
}

func (c ChatRef) String() string { return c.Platform + ":" + c.ChatID }

// Subscription is a chat's digest schedule. One per chat.
type Subscription struct {
	Chat    ChatRef
	Spec    string // five-field cron expression, in TZ
	TZ      string // Area/City
	Only    []string
	Skip    []string
	Daily   bool // send a message even when nothing is new
	Active  bool
	Reason  string // why it was deactivated
	Created time.Time
	Updated time.Time
}

// CronSpec is the subscription as robfig/cron reads it.
func (s Subscription) CronSpec() string { return "CRON_TZ=" + s.TZ + " " + s.Spec }

// ErrNotFound says there is no such record.
var ErrNotFound = errors.New("not found")

// Store is what digests need from storage. The SQLite store implements it.
type Store interface {
	Library
	PutSubscription(ctx context.Context, s Subscription) error
	Subscription(ctx context.Context, chat ChatRef) (Subscription, error)
	DeleteSubscription(ctx context.Context, chat ChatRef) error
	Deactivate(ctx context.Context, chat ChatRef, reason string) error
	MoveChat(ctx context.Context, from ChatRef, newID string) error
	ActiveSubscriptions(ctx context.Context) ([]Subscription, error)
	// Undelivered lists briefings added since `since` that the chat has not had.
	Undelivered(ctx context.Context, chat ChatRef, since time.Time) ([]Entry, error)
	// ClaimDelivery writes a slot's ledger row as pending; true only for the
	// one caller whose row was written, who alone may post the digest.
	ClaimDelivery(ctx context.Context, chat ChatRef, slot string, at time.Time) (bool, error)
	// ReleaseDelivery drops a pending claim whose post failed.
	ReleaseDelivery(ctx context.Context, chat ChatRef, slot string) error
	// RecordDelivery writes the ledger row and marks the briefings delivered,
	// in one transaction.
	RecordDelivery(ctx context.Context, chat ChatRef, slot string, reportIDs []string, at time.Time) error
}

var cronParser = cron.NewParser(cron.Minute | cron.Hour | cron.Dom | cron.Month | cron.Dow | cron.Descriptor)

// ParseSchedule checks a cron expression and zone before anything reaches
// the scheduler (robfig/cron panics on some malformed CRON_TZ prefixes).
func ParseSchedule(spec, tz string) (sched cron.Schedule, err error) {
	if strings.TrimSpace(tz) == "" {
		return nil, errors.New("a time zone such as Europe/Paris is needed")
	}
	if _, err := loadZone(tz); err != nil {
		return nil, err
	}
	if strings.Contains(spec, "TZ=") {
		return nil, errors.New("give the time zone after the expression, not inside it")
	}
	if n := len(strings.Fields(spec)); n != 5 && !strings.HasPrefix(strings.TrimSpace(spec), "@") {
		return nil, fmt.Errorf("a cron expression has five fields (minute hour day month weekday); %q has %d", spec, n)
	}
	defer func() {
		if r := recover(); r != nil {
			sched, err = nil, fmt.Errorf("%q is not a cron expression", spec)
		}
	}()
	inner, err := cronParser.Parse("CRON_TZ=" + tz + " " + spec)
	if err != nil {
		return nil, fmt.Errorf("%q is not a cron expression: %v", spec, err)
	}
	wall, err := cronParser.Parse("CRON_TZ=UTC " + spec)
	if err != nil {
		return nil, fmt.Errorf("%q is not a cron expression: %v", spec, err)
	}
	loc, _ := loadZone(tz)
	return dstSafe{inner: inner, wall: wall, loc: loc}, nil
}

// loadZone accepts IANA names such as Europe/Kyiv and UTC, not "Local".
func loadZone(tz string) (*time.Location, error) {
	if tz == "" || strings.EqualFold(tz, "local") {
		return nil, fmt.Errorf("%q is not a time zone; use an Area/City name such as Europe/Paris", tz)
	}
	for _, name := range zoneSpellings(strings.TrimSpace(tz)) {
		if loc, err := time.LoadLocation(name); err == nil {
			return loc, nil
		}
	}
	return nil, fmt.Errorf("%q is not a time zone; use an Area/City name such as Europe/Paris", tz)
}

// CanonicalZone is the zone's name as the database spells it, so
// "europe/paris" is stored as "Europe/Paris".
func CanonicalZone(tz string) (string, error) {
	loc, err := loadZone(tz)
	if err != nil {
		return "", err
	}
	return loc.String(), nil
}

// zoneSpellings are the ways a zone typed in any case may be spelled in the
// zone database: as typed, then each part capitalised (new_york → New_York,
// port-au-prince → Port-au-Prince), then short parts in capitals (UTC, GMT).
func zoneSpellings(tz string) []string {
	parts := strings.Split(tz, "/")
	title := make([]string, len(parts))
	upper := make([]string, len(parts))
	for i, p := range parts {
		title[i] = titleZonePart(p)
		upper[i] = title[i]
		if len(p) <= 4 {
			upper[i] = strings.ToUpper(p)
		}
	}
	return []string{tz, strings.Join(title, "/"), strings.Join(upper, "/")}
}

// zoneSmallWords stay lower case inside a zone name's part.
var zoneSmallWords = map[string]bool{"au": true, "es": true, "de": true, "of": true, "da": true, "del": true}

func titleZonePart(p string) string {
	var b strings.Builder
	word := 0
	for i, w := range strings.FieldsFunc(strings.ToLower(p), func(r rune) bool { return r == '_' || r == '-' }) {
		if i > 0 {
			b.WriteByte(p[word-1])
		}
		if i == 0 || !zoneSmallWords[w] {
			w = strings.ToUpper(w[:1]) + w[1:]
		}
		b.WriteString(w)
		word += len(w) + 1
	}
	return b.String()
}

// slotKey names one scheduled digest by its local wall time, so the hour
// that daylight saving repeats still yields one digest.
func slotKey(t time.Time, loc *time.Location) string {
	return t.In(loc).Format("2006-01-02T15:04") + " " + loc.String()
}

// lastSlot is the latest scheduled time at or before now.
func lastSlot(s cron.Schedule, now time.Time) (time.Time, bool) {
	// Walk forward from a day (or a week, for sparse schedules) back.
	for _, back := range []time.Duration{26 * time.Hour, 8 * 24 * time.Hour, 32 * 24 * time.Hour, 367 * 24 * time.Hour} {
		t := s.Next(now.Add(-back))
		if t.IsZero() || t.After(now) {
			continue
		}
		last := t
		for i := 0; i < 100000; i++ {
			n := s.Next(last)
			if n.IsZero() || n.After(now) {
				return last, true
			}
			last = n
		}
		return last, true
	}
	return time.Time{}, false
}
