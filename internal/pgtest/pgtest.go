// Package pgtest gives tests a PostgreSQL database of their own on the
// server BRIEFBOT_TEST_POSTGRES names (.ci/run starts one on loopback).
package pgtest

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"net/url"
	"os"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
)

// Env names the setting: a postgres:// URL of a user who may create
// databases.
const Env = "BRIEFBOT_TEST_POSTGRES"

// Server returns the server's URL, or skips the test when there is none,
// except in CI, where a missing server is a failure.
func Server(t testing.TB) string {
	t.Helper()
	u := os.Getenv(Env)
	if u == "" {
		if os.Getenv("CI") != "" {
			t.Fatalf("%s is not set: CI must start PostgreSQL (.ci/run does)", Env)
		}
		t.Skipf("no PostgreSQL server: set %s=postgres://user@127.0.0.1:5432/postgres to run this test", Env)
	}
	return u
}

// NewDatabase creates an empty database for one test, dropped when the
// test ends, and returns its URL.
func NewDatabase(t testing.TB) string {
	t.Helper()
	server := Server(t)
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	admin, err := pgx.Connect(ctx, server)
	if err != nil {
		t.Fatalf("connect to the test server: %v", err)
	}
	defer admin.Close(ctx)
	var b [6]byte
	rand.Read(b[:])
	name := "briefbot_test_" + hex.EncodeToString(b[:])
	if _, err := admin.Exec(ctx, "CREATE DATABASE "+name); err != nil {
		t.Fatalf("create database: %v", err)
	}
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		defer cancel()
		if c, err := pgx.Connect(ctx, server); err == nil {
			c.Exec(ctx, "DROP DATABASE IF EXISTS "+name+" WITH (FORCE)")
			c.Close(ctx)
		}
	})
	return withDatabase(t, server, name)
}

// Kept returns the URL of a database kept on the server between runs (a
// benchmark's library), building it with build the first time: into a
// database of another name, renamed once complete, so a build cut short is
// never taken for a library.
func Kept(t testing.TB, name string, build func(url string) error) string {
	t.Helper()
	server := Server(t)
	ctx := context.Background()
	admin, err := pgx.Connect(ctx, server)
	if err != nil {
		t.Fatalf("connect to the test server: %v", err)
	}
	defer admin.Close(ctx)
	var exists bool
	if err := admin.QueryRow(ctx, `SELECT EXISTS (SELECT 1 FROM pg_database WHERE datname = $1)`, name).Scan(&exists); err != nil {
		t.Fatal(err)
	}
	if !exists {
		building := name + "_building"
		admin.Exec(ctx, "DROP DATABASE IF EXISTS "+building+" WITH (FORCE)")
		if _, err := admin.Exec(ctx, "CREATE DATABASE "+building); err != nil {
			t.Fatalf("create database: %v", err)
		}
		if err := build(withDatabase(t, server, building)); err != nil {
			t.Fatalf("build %s: %v", name, err)
		}
		if _, err := admin.Exec(ctx, "ALTER DATABASE "+building+" RENAME TO "+name); err != nil {
			t.Fatalf("keep %s: %v", name, err)
		}
	}
	return withDatabase(t, server, name)
}

func withDatabase(t testing.TB, server, name string) string {
	u, err := url.Parse(server)
	if err != nil {
		t.Fatalf("%s: %v", Env, err)
	}
	u.Path = "/" + name
	return u.String()
}
