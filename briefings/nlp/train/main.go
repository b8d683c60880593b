// Command train learns briefbot's language models from the treebanks and
// writes the model file that the binary embeds; with -eval it scores a model
// on the treebanks' test (or dev) splits.
//
//	go run ./briefings/nlp/train ../shared/treebanks            # writes briefings/nlp/models.bin.gz
//	go run ./briefings/nlp/train -eval test ../shared/treebanks # UPOS, UAS, LAS, names, speed
package main

import (
	"bytes"
	"flag"
	"fmt"
	"os"
	"runtime/pprof"
	"time"

	"github.com/briefbot/briefbot/briefings/nlp"
)

func main() {
	out := flag.String("out", "briefings/nlp/models.bin.gz", "where to write the models")
	eval := flag.String("eval", "", "score the embedded models on this split (dev or test) instead of training")
	quick := flag.Bool("quick", false, "fewer epochs, to try a change")
	from := flag.String("model", "", "with -eval: score this model file instead of the embedded one")
	profile := flag.String("cpuprofile", "", "write a CPU profile here")
	reprune := flag.Float64("reprune", 0, "rewrite -model to -out keeping weights of at least this share of the largest")
	flag.Parse()
	if flag.NArg() != 1 {
		fmt.Fprintln(os.Stderr, "usage: train [-out FILE] [-eval dev|test] TREEBANKS_DIR")
		os.Exit(2)
	}
	dir := flag.Arg(0)
	if *profile != "" {
		f, err := os.Create(*profile)
		if err == nil {
			pprof.StartCPUProfile(f)
			defer pprof.StopCPUProfile()
		}
	}
	if *reprune > 0 {
		if err := repruneFile(*from, *out, *reprune); err != nil {
			fmt.Fprintln(os.Stderr, "train:", err)
			os.Exit(1)
		}
		return
	}
	if *eval != "" {
		if err := evaluate(dir, *eval, *from); err != nil {
			fmt.Fprintln(os.Stderr, "train:", err)
			os.Exit(1)
		}
		return
	}
	start := time.Now()
	ewt, gum, err := nlp.LoadTreebanks(dir, "train")
	if err != nil {
		fmt.Fprintln(os.Stderr, "train:", err)
		os.Exit(1)
	}
	cfg := nlp.TrainConfig{Log: os.Stderr}
	if *quick {
		cfg.TaggerEpochs, cfg.ParserEpochs, cfg.NamerEpochs, cfg.Folds = 3, 3, 3, 2
	}
	m := nlp.Train(ewt, gum, cfg)
	var buf bytes.Buffer
	if err := m.Write(&buf); err != nil {
		fmt.Fprintln(os.Stderr, "train:", err)
		os.Exit(1)
	}
	if err := os.WriteFile(*out, buf.Bytes(), 0o644); err != nil {
		fmt.Fprintln(os.Stderr, "train:", err)
		os.Exit(1)
	}
	pprof.StopCPUProfile()
	fmt.Fprintf(os.Stderr, "wrote %s (%.1f MB) in %s\n", *out, float64(buf.Len())/(1<<20), time.Since(start).Round(time.Second))
}

func evaluate(dir, split, from string) error {
	m, err := nlp.Default()
	if from != "" {
		var f *os.File
		if f, err = os.Open(from); err == nil {
			m, err = nlp.ReadModels(f)
			f.Close()
		}
	}
	if err != nil {
		return err
	}
	ewt, gum, err := nlp.LoadTreebanks(dir, split)
	if err != nil {
		return err
	}
	for _, set := range []struct {
		name  string
		sents []nlp.TreebankSentence
		names bool
	}{{"EWT " + split, ewt, false}, {"GUM " + split, gum, true}} {
		s := nlp.Evaluate(m, set.sents, set.names)
		fmt.Println(set.name + ": " + s.String())
	}
	return nil
}

func repruneFile(from, to string, share float64) error {
	in, err := os.Open(from)
	if err != nil {
		return err
	}
	defer in.Close()
	var buf bytes.Buffer
	if err := nlp.Reprune(in, &buf, share); err != nil {
		return err
	}
	fmt.Fprintf(os.Stderr, "wrote %s (%.1f MB)\n", to, float64(buf.Len())/(1<<20))
	return os.WriteFile(to, buf.Bytes(), 0o644)
}
