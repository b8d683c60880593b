package main

import (
	"encoding/json"
	"fmt"
	"os"

	"github.com/briefbot/briefbot/briefings"
)

func main() {
	data, err := os.ReadFile(os.Args[len(os.Args)-1])
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(2)
	}
	b, err := briefings.Analyze(data, briefings.Options{})
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(2)
	}
	enc := json.NewEncoder(os.Stdout)
	enc.SetIndent("", " ")
	enc.Encode(b)
}
