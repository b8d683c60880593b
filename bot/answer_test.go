package bot

import "testing"

func TestAnswerKinds(t *testing.T) {
	tests := []struct {
		question string
		kind     answerKind
		answers  string // holds the kind asked for
		misses   string // does not
	}{
		{"How many people were on board?", numberAnswer, "All 176 people on board died.", "The jet crashed after take-off."},
		{"how much did the wall cost?", numberAnswer, "It would cost several billion dollars.", "The wall was debated."},
		{"how long did the leaders talk?", durationAnswer, "They talked for 35 minutes.", "They talked at the palace."},
		{"how long had she held the post?", durationAnswer, "She had held it since April 2018.", "She held the post."},
		{"when do the rules take effect?", timeAnswer, "The rules take effect on December 10.", "The rules are strict."},
		{"what time did the attack happen?", timeAnswer, "Rockets struck at 7:45 p.m.", "Rockets struck the base."},
		{"what did the minister say?", anyAnswer, "Anything at all.", ""},
	}
	for _, tt := range tests {
		t.Run(tt.question, func(t *testing.T) {
			if got := expectedAnswer(tt.question); got != tt.kind {
				t.Fatalf("expectedAnswer = %d, want %d", got, tt.kind)
			}
			if !hasAnswerKind(tt.answers, tt.kind) {
				t.Errorf("%q should answer it", tt.answers)
			}
			if tt.misses != "" && hasAnswerKind(tt.misses, tt.kind) {
				t.Errorf("%q should not answer it", tt.misses)
			}
		})
	}
}
