// Command notecheck checks cercle's checkpoint notes with Go's own transparency-log packages,
// golang.org/x/mod/sumdb/note and golang.org/x/mod/sumdb/tlog, which nobody at cercle wrote.
//
//	notecheck DIR
//
// DIR holds what `cargo run -p cercle-core --example tlog_note -- DIR` writes: checkpoint (a
// tree checkpoint note, signed by the log and cosigned by a witness), vkeys (their verifier
// keys, one a line, the support team's first), leaves (the tree's leaf hashes in hex, one a
// line) and chain-checkpoint (a note of the first form, cercle/<circle id>, by the same support
// key).
//
// It prints one line per check and exits 1 if any fails. Built in GOPATH mode against the
// Debian package golang-golang-x-mod-dev (scripts/interop-go):
//
//	GO111MODULE=off GOPATH=/usr/share/gocode go build -o notecheck ./tests/interop/notecheck
//
// tlog.ParseTree reads only Go's checksum database notes (its first line must be "go.sum
// database tree"), so the origin line is checked here, and the rest of the note's text (size,
// root, and the extension line, which ParseTree ignores) is given to tlog.ParseTree behind Go's
// origin line: the size and root are parsed by Go's code.
package main

import (
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"

	"golang.org/x/mod/sumdb/note"
	"golang.org/x/mod/sumdb/tlog"
)

var failures int

func check(what string, err error) {
	if err != nil {
		fmt.Printf("FAIL %s: %v\n", what, err)
		failures++
		return
	}
	fmt.Printf("ok   %s\n", what)
}

func read(dir, name string) []byte {
	data, err := os.ReadFile(filepath.Join(dir, name))
	if err != nil {
		fmt.Printf("FAIL cannot read %s: %v\n", name, err)
		os.Exit(1)
	}
	return data
}

func lines(data []byte) []string {
	return strings.Split(strings.TrimSuffix(string(data), "\n"), "\n")
}

func verifiers(vkeys []string) ([]note.Verifier, error) {
	var list []note.Verifier
	for _, vkey := range vkeys {
		v, err := note.NewVerifier(vkey)
		if err != nil {
			return nil, fmt.Errorf("note.NewVerifier(%q): %v", vkey, err)
		}
		list = append(list, v)
	}
	return list, nil
}

// open runs note.Open and checks which signatures it verified and which it ignored.
func open(msg []byte, known []note.Verifier, verified, ignored int) (*note.Note, error) {
	n, err := note.Open(msg, note.VerifierList(known...))
	if err != nil {
		return nil, fmt.Errorf("note.Open: %v", err)
	}
	if len(n.Sigs) != verified || len(n.UnverifiedSigs) != ignored {
		return nil, fmt.Errorf("note.Open verified %d signatures and ignored %d, not %d and %d",
			len(n.Sigs), len(n.UnverifiedSigs), verified, ignored)
	}
	for i, sig := range n.Sigs {
		if i < len(known) && len(known) == verified && (sig.Name != known[i].Name() || sig.Hash != known[i].KeyHash()) {
			return nil, fmt.Errorf("signature %d is by %s+%08x, not %s+%08x",
				i+1, sig.Name, sig.Hash, known[i].Name(), known[i].KeyHash())
		}
	}
	return n, nil
}

var treeOrigin = regexp.MustCompile(`^cercle\.invalid/[0-9a-f]{64}$`)
var chainOrigin = regexp.MustCompile(`^cercle/[0-9a-f]{64}$`)
var headLine = regexp.MustCompile(`^head (0|[1-9][0-9]*) ([0-9a-f]{64})$`)

// parseCheckpoint reads a tree checkpoint's text: the origin here, size and root by tlog.ParseTree.
func parseCheckpoint(text string) (tree tlog.Tree, head *tlog.Hash, err error) {
	origin, rest, _ := strings.Cut(text, "\n")
	if !treeOrigin.MatchString(origin) {
		return tree, nil, fmt.Errorf("the origin %q is not cercle.invalid/<64 hex>", origin)
	}
	tree, err = tlog.ParseTree([]byte("go.sum database tree\n" + rest))
	if err != nil {
		return tree, nil, fmt.Errorf("tlog.ParseTree: %v", err)
	}
	body := lines([]byte(text))
	switch len(body) {
	case 3:
		return tree, nil, nil
	case 4:
		m := headLine.FindStringSubmatch(body[3])
		if m == nil {
			return tree, nil, fmt.Errorf("the extension line %q is not head <seq> <hash hex>", body[3])
		}
		if m[1] != strconv.FormatInt(tree.N-1, 10) {
			return tree, nil, fmt.Errorf("the head line names entry %s, not the tree's last (%d)", m[1], tree.N-1)
		}
		h, err := tlog.ParseHash(base64Of(m[2]))
		if err != nil {
			return tree, nil, err
		}
		return tree, &h, nil
	default:
		return tree, nil, fmt.Errorf("the note's text has %d lines, not 3 or 4", len(body))
	}
}

func base64Of(hexText string) string {
	raw, _ := hex.DecodeString(hexText)
	var h tlog.Hash
	copy(h[:], raw)
	return h.String()
}

// storedHashes builds Go's stored hash array (tlog's layout) from the leaf hashes.
func storedHashes(leaves []tlog.Hash) (tlog.HashReader, error) {
	var stored []tlog.Hash
	reader := tlog.HashReaderFunc(func(indexes []int64) ([]tlog.Hash, error) {
		out := make([]tlog.Hash, len(indexes))
		for i, index := range indexes {
			if index < 0 || index >= int64(len(stored)) {
				return nil, fmt.Errorf("no stored hash %d", index)
			}
			out[i] = stored[index]
		}
		return out, nil
	})
	for i, leaf := range leaves {
		hashes, err := tlog.StoredHashesForRecordHash(int64(i), leaf, reader)
		if err != nil {
			return nil, err
		}
		stored = append(stored, hashes...)
	}
	return reader, nil
}

// sameSignatures says whether two lists of signatures have the same names, key ids and bytes.
func sameSignatures(a, b []note.Signature) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		x, errx := base64.StdEncoding.DecodeString(a[i].Base64)
		y, erry := base64.StdEncoding.DecodeString(b[i].Base64)
		if errx != nil || erry != nil || a[i].Name != b[i].Name || a[i].Hash != b[i].Hash || string(x) != string(y) {
			return false
		}
	}
	return true
}

func main() {
	if len(os.Args) != 2 {
		fmt.Fprintln(os.Stderr, "usage: notecheck DIR (written by: cargo run -p cercle-core --example tlog_note -- DIR)")
		os.Exit(2)
	}
	dir := os.Args[1]
	msg := read(dir, "checkpoint")
	vkeys := lines(read(dir, "vkeys"))

	known, err := verifiers(vkeys)
	check(fmt.Sprintf("note.NewVerifier reads the %d verifier keys", len(vkeys)), err)
	if err != nil {
		os.Exit(1)
	}

	// Every signature verifies; each key alone verifies its own and ignores the other's.
	n, err := open(msg, known, len(known), 0)
	check("note.Open verifies every signature of the tree checkpoint", err)
	for _, v := range known {
		_, err := open(msg, []note.Verifier{v}, 1, len(known)-1)
		check(fmt.Sprintf("with only %s known, note.Open verifies its signature and ignores the others", v.Name()), err)
	}
	_, err = note.Open(msg, note.VerifierList())
	var unverified *note.UnverifiedNoteError
	if errors.As(err, &unverified) {
		err = nil
	} else {
		err = fmt.Errorf("note.Open with no known key returned %v, not UnverifiedNoteError", err)
	}
	check("with no key known, note.Open refuses the note", err)

	// Any single-byte change makes the note fail, or verify fewer signatures. Go's base64
	// decoder ignores the unused low bits of a last base64 digit before "=" (cercle's reader
	// refuses them): such a change still verifies in Go, but it decodes to the very same
	// signature bytes over the same text, so it is counted apart.
	changes, same := 0, 0
	var undetected error
	for i := range msg {
		altered := append([]byte(nil), msg...)
		altered[i] ^= 0x01
		changes++
		m, err := note.Open(altered, note.VerifierList(known...))
		if err != nil || len(m.Sigs) < len(known) {
			continue
		}
		if n != nil && m.Text == n.Text && sameSignatures(m.Sigs, n.Sigs) {
			same++
			continue
		}
		undetected = fmt.Errorf("byte %d changed, note.Open still verifies every signature", i)
		break
	}
	check(fmt.Sprintf("each of the %d single-byte changes fails note.Open or drops a signature "+
		"(%d only flip unused base64 bits of a signature)", changes, same), undetected)

	// The text is a tlog-checkpoint whose root Go's tlog recomputes from the leaves.
	var tree tlog.Tree
	var head *tlog.Hash
	if n == nil {
		// Go refused the note: its text is not to be read.
		tree, head, err = tlog.Tree{}, nil, errors.New("not checked, as note.Open refused the note")
	} else {
		tree, head, err = parseCheckpoint(n.Text)
	}
	check(fmt.Sprintf("the text is a tlog-checkpoint (origin, size %d, root %v, head line)", tree.N, tree.Hash), err)
	var leaves []tlog.Hash
	for _, line := range lines(read(dir, "leaves")) {
		raw, err := hex.DecodeString(line)
		if err != nil || len(raw) != tlog.HashSize {
			check("the leaves file", fmt.Errorf("%q is not a hash in hex", line))
			os.Exit(1)
		}
		var h tlog.Hash
		copy(h[:], raw)
		leaves = append(leaves, h)
	}
	if err != nil {
		// The root and head are not to be compared with anything.
	} else if int64(len(leaves)) != tree.N {
		check("the tree size", fmt.Errorf("the note says %d leaves, the leaves file has %d", tree.N, len(leaves)))
	} else if reader, err := storedHashes(leaves); err != nil {
		check("tlog.StoredHashesForRecordHash", err)
	} else {
		root, err := tlog.TreeHash(tree.N, reader)
		if err == nil && root != tree.Hash {
			err = fmt.Errorf("tlog.TreeHash of the leaves is %v, the note says %v", root, tree.Hash)
		}
		check("tlog.TreeHash of the leaves is the note's root", err)
		for i, leaf := range leaves {
			proof, err := tlog.ProveRecord(tree.N, int64(i), reader)
			if err == nil {
				err = tlog.CheckRecord(proof, tree.N, tree.Hash, int64(i), leaf)
			}
			if err != nil {
				check(fmt.Sprintf("tlog.ProveRecord/CheckRecord of leaf %d", i), err)
			}
		}
		check(fmt.Sprintf("tlog.CheckRecord proves each of the %d leaves against the note's root", len(leaves)), nil)
		if head != nil && tree.N > 0 && *head != leaves[tree.N-1] {
			check("the head line", fmt.Errorf("it names %v, the last leaf is %v", *head, leaves[tree.N-1]))
		} else if head != nil {
			check("the head line names the last leaf", nil)
		}
	}

	// A chain checkpoint (the first form) still verifies under the same support vkey, and is
	// told apart by its origin.
	chain := read(dir, "chain-checkpoint")
	cn, err := open(chain, known, 1, 0)
	if err == nil {
		origin, rest, _ := strings.Cut(cn.Text, "\n")
		if !chainOrigin.MatchString(origin) {
			err = fmt.Errorf("its origin %q is not cercle/<64 hex>", origin)
		} else if _, perr := tlog.ParseTree([]byte("go.sum database tree\n" + rest)); perr != nil {
			err = fmt.Errorf("tlog.ParseTree of its size and hash: %v", perr)
		}
	}
	check("note.Open verifies the chain checkpoint (cercle/<circle id>) under the same support vkey", err)

	if failures > 0 {
		fmt.Printf("%d checks failed\n", failures)
		os.Exit(1)
	}
}
