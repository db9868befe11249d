// Command consistencycheck checks a consistency proof made by cercle (Store::consistency_proof)
// with Go's golang.org/x/mod/sumdb/tlog.CheckTree, written by other people than cercle's
// authors.
//
// Usage: consistencycheck PROOF.json, where the file holds
// {"old_size": m, "old_root": base64, "new_size": n, "new_root": base64, "proof": [base64...]}.
package main

import (
	"encoding/base64"
	"encoding/json"
	"fmt"
	"os"

	"golang.org/x/mod/sumdb/tlog"
)

type input struct {
	OldSize int64    `json:"old_size"`
	OldRoot string   `json:"old_root"`
	NewSize int64    `json:"new_size"`
	NewRoot string   `json:"new_root"`
	Proof   []string `json:"proof"`
}

func hash(text string) tlog.Hash {
	b, err := base64.StdEncoding.DecodeString(text)
	if err != nil || len(b) != 32 {
		fail("not a base64 hash: " + text)
	}
	var h tlog.Hash
	copy(h[:], b)
	return h
}

func main() {
	if len(os.Args) != 2 {
		fail("usage: consistencycheck PROOF.json")
	}
	data, err := os.ReadFile(os.Args[1])
	if err != nil {
		fail(err.Error())
	}
	var in input
	if err := json.Unmarshal(data, &in); err != nil {
		fail(err.Error())
	}
	var proof tlog.TreeProof
	for _, text := range in.Proof {
		proof = append(proof, hash(text))
	}
	// tlog.CheckTree(p, t, th, n, h): the tree of size t with hash th contains as a prefix the
	// tree of size n with hash h.
	if err := tlog.CheckTree(proof, in.NewSize, hash(in.NewRoot), in.OldSize, hash(in.OldRoot)); err != nil {
		fail(err.Error())
	}
	fmt.Printf("ok: the tree of %d entries extends the tree of %d\n", in.NewSize, in.OldSize)
}

func fail(message string) {
	fmt.Fprintln(os.Stderr, "consistencycheck:", message)
	os.Exit(1)
}
