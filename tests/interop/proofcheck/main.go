// Command proofcheck checks a `cercle prove` file with Go's own transparency-log packages
// (golang.org/x/mod/sumdb/note and .../tlog), written by other people than cercle's authors:
// the checkpoint note's signature with the verifier key given, and the entry's inclusion in
// the checkpointed tree with tlog.CheckRecord.
//
// Usage: proofcheck PROOF.json SUPPORT_PUBKEY_HEX
//
// The verifier key is built by Go's note.NewEd25519VerifierKey from the key's name
// (cercle-support) and its 32 bytes, not taken from cercle.
package main

import (
	"crypto/ed25519"
	"crypto/sha256"
	"encoding/hex"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"os"
	"strconv"
	"strings"

	"golang.org/x/mod/sumdb/note"
	"golang.org/x/mod/sumdb/tlog"
)

type proofFile struct {
	Format     string   `json:"format"`
	Entry      string   `json:"entry"`
	Index      int64    `json:"index"`
	Size       int64    `json:"size"`
	Path       []string `json:"path"`
	Checkpoint string   `json:"checkpoint"`
}

func main() {
	if len(os.Args) != 3 {
		fail("usage: proofcheck PROOF.json SUPPORT_PUBKEY_HEX")
	}
	data, err := os.ReadFile(os.Args[1])
	check(err)
	var proof proofFile
	check(json.Unmarshal(data, &proof))

	public, err := hex.DecodeString(os.Args[2])
	check(err)
	vkey, err := note.NewEd25519VerifierKey("cercle-support", ed25519.PublicKey(public))
	check(err)
	verifier, err := note.NewVerifier(vkey)
	check(err)
	n, err := note.Open([]byte(proof.Checkpoint), note.VerifierList(verifier))
	check(err)
	lines := strings.Split(n.Text, "\n")
	if len(lines) < 4 {
		fail("checkpoint body too short")
	}
	size, err := strconv.ParseInt(lines[1], 10, 64)
	check(err)
	rootBytes, err := base64.StdEncoding.DecodeString(lines[2])
	check(err)
	var root tlog.Hash
	copy(root[:], rootBytes)
	if size != proof.Size {
		fail("the proof's size differs from the checkpoint's")
	}

	// The leaf is the entry's exact bytes, hashed as RFC 6962 does (tlog.RecordHash).
	var line map[string]interface{}
	check(json.Unmarshal([]byte(proof.Entry), &line))
	encoded, ok := line["entry"].(string)
	if !ok {
		fail("the entry line has no entry field")
	}
	entryBytes, err := base64.StdEncoding.DecodeString(encoded)
	check(err)
	leaf := tlog.RecordHash(entryBytes)

	var path tlog.RecordProof
	for _, text := range proof.Path {
		b, err := base64.StdEncoding.DecodeString(text)
		check(err)
		var h tlog.Hash
		copy(h[:], b)
		path = append(path, h)
	}
	check(tlog.CheckRecord(path, size, root, proof.Index, leaf))
	fmt.Printf("ok: %s; entry %d of %d (sha256 %x) is in the tree %s\n", n.Sigs[0].Name, proof.Index, size, sha256.Sum256(entryBytes), lines[2])
}

func check(err error) {
	if err != nil {
		fail(err.Error())
	}
}

func fail(message string) {
	fmt.Fprintln(os.Stderr, "proofcheck:", message)
	os.Exit(1)
}
