// Package samples holds the report compiled into briefbot, so a fresh
// install answers /positions trump with no files and no tokens.
package samples

import _ "embed"

// Paris2024 is a sample report, written for briefbot, on the Dec. 7, 2024
// meeting of Zelenskiy, Trump and Macron in Paris.
//
//go:embed paris-2024.txt
var Paris2024 []byte

// Source names the sample where briefings show their source.
const Source = "briefbot sample report"
