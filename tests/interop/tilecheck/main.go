// Command tilecheck reads a folder written by `cercle publish` (the C2SP tlog-tiles layout)
// with Go's own transparency-log packages (golang.org/x/mod/sumdb/note and .../tlog), written
// by other people than cercle's authors:
//
//   - DIR/checkpoint is verified with note.Open under the verifier key that
//     note.NewEd25519VerifierKey builds from the name cercle-support and the key given;
//   - the hash tiles DIR/tile/<L>/<N>[.p/<W>] are read through tlog.TileHashReader (tiles of
//     height 8), which authenticates every tile it reads against the checkpoint's root, and
//     tlog.TreeHash over them must give that root;
//   - every entry bundle DIR/tile/entries/<N>[.p/<W>] (big-endian uint16 length-prefixed
//     entries) is read, each entry's tlog.RecordHash must be the leaf the tiles hold, and for
//     the records asked for (by default the first, the middle and the last) an inclusion proof
//     built by tlog.ProveRecord from the tiles must pass tlog.CheckRecord.
//
// Usage: tilecheck DIR SUPPORT_PUBKEY_HEX [INDEX...]
package main

import (
	"crypto/ed25519"
	"encoding/base64"
	"encoding/binary"
	"encoding/hex"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"golang.org/x/mod/sumdb/note"
	"golang.org/x/mod/sumdb/tlog"
)

const height = 8

// dirTiles is a tlog.TileReader over the files of a published folder. Go's Tile.Path() is
// the checksum database's URL path, tile/<H>/<L>/<N>[.p/<W>], with the height in it and
// "data" for the records; C2SP tlog-tiles has a fixed height of 8 and names no height:
// tile/<L>/<N>[.p/<W>], and tile/entries/... for the entry bundles.
type dirTiles struct {
	dir string
}

func (r dirTiles) Height() int { return height }

func (r dirTiles) path(t tlog.Tile) string {
	p := t.Path()
	prefix := fmt.Sprintf("tile/%d/", height)
	if !strings.HasPrefix(p, prefix) {
		fail("unexpected tile path " + p)
	}
	rest := strings.TrimPrefix(p, prefix)
	if strings.HasPrefix(rest, "data/") {
		rest = "entries/" + strings.TrimPrefix(rest, "data/")
	}
	return filepath.Join(r.dir, "tile", filepath.FromSlash(rest))
}

func (r dirTiles) ReadTiles(tiles []tlog.Tile) ([][]byte, error) {
	data := make([][]byte, len(tiles))
	for i, t := range tiles {
		b, err := os.ReadFile(r.path(t))
		if err != nil {
			return nil, err
		}
		data[i] = b
	}
	return data, nil
}

func (r dirTiles) SaveTiles(tiles []tlog.Tile, data [][]byte) {}

func main() {
	if len(os.Args) < 3 {
		fail("usage: tilecheck DIR SUPPORT_PUBKEY_HEX [INDEX...]")
	}
	dir := os.Args[1]
	public, err := hex.DecodeString(os.Args[2])
	check(err)
	vkey, err := note.NewEd25519VerifierKey("cercle-support", ed25519.PublicKey(public))
	check(err)
	verifier, err := note.NewVerifier(vkey)
	check(err)
	text, err := os.ReadFile(filepath.Join(dir, "checkpoint"))
	check(err)
	n, err := note.Open(text, note.VerifierList(verifier))
	check(err)

	// The checkpoint's body (C2SP tlog-checkpoint): origin, size, base64 root, extensions.
	// Its origin is cercle.invalid/<circle id>, not the checksum database's, so
	// tlog.ParseTree (which wants "go.sum database tree") does not apply: split it here.
	lines := strings.Split(n.Text, "\n")
	if len(lines) < 4 || !strings.HasPrefix(lines[0], "cercle.invalid/") {
		fail("the checkpoint is not a cercle tree checkpoint")
	}
	size, err := strconv.ParseInt(lines[1], 10, 64)
	check(err)
	if size <= 0 {
		fail("the checkpoint's size is not positive")
	}
	rootBytes, err := base64.StdEncoding.DecodeString(lines[2])
	check(err)
	if len(rootBytes) != tlog.HashSize {
		fail("the checkpoint's root is not 32 bytes")
	}
	var root tlog.Hash
	copy(root[:], rootBytes)

	tiles := dirTiles{dir: dir}
	hashes := tlog.TileHashReader(tlog.Tree{N: size, Hash: root}, tiles)
	th, err := tlog.TreeHash(size, hashes)
	check(err)
	if th != root {
		fail("the tiles do not hash to the checkpoint's root")
	}

	// Every entry bundle: each entry is the leaf the (authenticated) level-0 tiles hold.
	for start := int64(0); start < size; start += 1 << height {
		width := size - start
		if width > 1<<height {
			width = 1 << height
		}
		bundle := readBundle(tiles, start>>height, int(width))
		indexes := make([]int64, width)
		for i := range indexes {
			indexes[i] = tlog.StoredHashIndex(0, start+int64(i))
		}
		leaves, err := hashes.ReadHashes(indexes)
		check(err)
		for i, record := range bundle {
			if tlog.RecordHash(record) != leaves[i] {
				fail(fmt.Sprintf("entry %d of the bundles is not the tiles' leaf %d", start+int64(i), start+int64(i)))
			}
		}
	}

	records := []int64{0, size / 2, size - 1}
	if len(os.Args) > 3 {
		records = nil
		for _, arg := range os.Args[3:] {
			index, err := strconv.ParseInt(arg, 10, 64)
			check(err)
			records = append(records, index)
		}
	}
	for _, index := range records {
		if index < 0 || index >= size {
			fail(fmt.Sprintf("record %d is not in the tree of %d", index, size))
		}
		bundle := readBundle(tiles, index>>height, bundleWidth(index>>height, size))
		data := bundle[index%(1<<height)]
		proof, err := tlog.ProveRecord(size, index, hashes)
		check(err)
		check(tlog.CheckRecord(proof, size, root, index, tlog.RecordHash(data)))
	}
	fmt.Printf("ok: %s; %d entries in tiles and bundles hash to %s; records %v proven\n", n.Sigs[0].Name, size, lines[2], records)
}

// bundleWidth is the width of entry bundle n in a tree of size entries.
func bundleWidth(n, size int64) int {
	if (n+1)<<height <= size {
		return 1 << height
	}
	return int(size - n<<height)
}

// readBundle reads entry bundle n of width entries and splits it: big-endian uint16 lengths,
// each followed by that many bytes, nothing after the last.
func readBundle(tiles dirTiles, n int64, width int) [][]byte {
	t := tlog.Tile{H: height, L: -1, N: n, W: width}
	data, err := os.ReadFile(tiles.path(t))
	check(err)
	var records [][]byte
	for len(data) > 0 {
		if len(data) < 2 {
			fail("an entry bundle ends inside a length")
		}
		length := int(binary.BigEndian.Uint16(data))
		if len(data) < 2+length {
			fail("an entry bundle ends inside an entry")
		}
		records = append(records, data[2:2+length])
		data = data[2+length:]
	}
	if len(records) != width {
		fail(fmt.Sprintf("entry bundle %s holds %d entries, not %d", t.Path(), len(records), width))
	}
	return records
}

func check(err error) {
	if err != nil {
		fail(err.Error())
	}
}

func fail(message string) {
	fmt.Fprintln(os.Stderr, "tilecheck:", message)
	os.Exit(1)
}
