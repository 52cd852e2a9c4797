package input

import (
	"bytes"
	"encoding"
	"errors"
	"fmt"
	"math"
	"reflect"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/goccy/go-yaml"
	"github.com/goccy/go-yaml/ast"
	"github.com/goccy/go-yaml/parser"
	"github.com/goccy/go-yaml/token"
)

// Fields records where each key of a YAML mapping was found. A struct
// field of type Fields is filled by Decode with the position of the value
// of every key present, of every element of a list value under "key[i]",
// and under the empty key "" the position of the mapping itself, so that
// checks made after decoding can point at the offending value.
type Fields map[string]Pos

// Pos returns the position of key's value, or the mapping's position when
// the key is absent.
func (f Fields) Pos(key string) Pos {
	if p, ok := f[key]; ok {
		return p
	}
	return f[""]
}

// Has reports whether key was present.
func (f Fields) Has(key string) bool {
	_, ok := f[key]
	return ok && key != ""
}

// Positions records where each struct of a decoded value was found:
// the Fields of every struct that DecodePositions decoded, keyed by a
// pointer to it. It lets a model type be checked after decoding, with
// the position of each problem, without carrying its positions itself.
type Positions map[any]Fields

// At returns the Fields of the struct that v points to in p (nil, whose
// positions are all zero, for one not decoded: a value built in Go).
func At[T any](p Positions, v *T) Fields { return p[v] }

var (
	fieldsType = reflect.TypeFor[Fields]()
	timeType   = reflect.TypeFor[time.Time]()
	textType   = reflect.TypeFor[encoding.TextUnmarshaler]()
)

// Decode parses data (YAML, or JSON) from the named file and stores it in
// the struct that v points to. Struct fields are matched by their `yaml`
// tag (`yaml:"name"`; `yaml:"name,required"` makes a key mandatory;
// `yaml:"-"` or no tag skips the field). Supported field types: string,
// bool, integers, floats, time.Time (a date, YYYY-MM-DD, at midnight
// UTC, as Date reads it), encoding.TextUnmarshaler (given the scalar's
// text), slices, structs, pointers to structs, maps with string keys, and
// Fields.
//
// Decode reports every problem it finds as an Errors list: syntax errors,
// unknown keys (with a suggestion), missing required keys, values of the
// wrong type or out of range, and YAML features the format does not use
// (anchors, aliases, merge keys, tags, several documents). It never
// panics on any input, and its time and memory stay linear in the size of
// data: files that nest more than MaxDepth deep, or have more than
// MaxKeys keys in one block mapping or MaxNodes nodes in all, are
// refused before they are parsed. A byte-order mark at the start is
// skipped.
func Decode(file string, data []byte, v any) error {
	_, err := decode(file, data, v, false)
	return err
}

// DecodePositions is Decode that also returns the Positions of every
// struct it decoded, for checks made after decoding (see Positions).
func DecodePositions(file string, data []byte, v any) (Positions, error) {
	return decode(file, data, v, true)
}

func decode(file string, data []byte, v any, positions bool) (Positions, error) {
	rv := reflect.ValueOf(v)
	if rv.Kind() != reflect.Pointer || rv.IsNil() {
		panic("input: Decode needs a non-nil pointer")
	}
	// A byte-order mark, as some editors on Windows write, is no part
	// of the text; positions count from after it.
	data = bytes.TrimPrefix(data, []byte("\ufeff"))
	if e := CheckUTF8(file, data); e != nil {
		return nil, Errors{e}
	}
	if e := scan(file, data); e != nil {
		return nil, Errors{e}
	}
	f, err := parser.ParseBytes(data, 0)
	if err != nil {
		return nil, syntaxError(file, err)
	}
	d := &decoder{file: file}
	if positions {
		d.positions = Positions{}
	}
	var body ast.Node
	switch len(f.Docs) {
	case 0:
	case 1:
		body = f.Docs[0].Body
	default:
		d.errs.Add(d.docPos(f.Docs[1]), "several YAML documents in one file; expected one")
		body = f.Docs[0].Body
	}
	if body == nil || isNull(body) {
		d.errs.Add(Pos{File: file, Line: 1, Col: 1}, "the file is empty; expected a mapping of keys")
		return nil, d.errs.Err()
	}
	d.value(body, rv.Elem(), "")
	return d.positions, d.errs.Err()
}

// syntaxError converts a parser error into an *Error with a position.
func syntaxError(file string, err error) error {
	if ye, ok := err.(yaml.Error); ok && ye.GetToken() != nil {
		p := ye.GetToken().Position
		return Errors{{Pos: Pos{File: file, Line: p.Line, Col: max(p.Column, 1)}, Msg: "invalid YAML: " + ye.GetMessage()}}
	}
	return Errors{{Pos: Pos{File: file, Line: 1, Col: 1}, Msg: "invalid YAML: " + err.Error()}}
}

type decoder struct {
	file      string
	errs      Errors
	positions Positions // nil unless asked for
}

// pos returns the position of node n. A block mapping starts at its first
// key (the parser's token for it is the first ":"), and a key-value pair
// at its key.
func (d *decoder) pos(n ast.Node) Pos {
	if n == nil || reflect.ValueOf(n).IsNil() {
		return Pos{File: d.file}
	}
	switch m := n.(type) {
	case *ast.MappingNode:
		if !m.IsFlowStyle && len(m.Values) > 0 {
			return d.pos(m.Values[0])
		}
	case *ast.MappingValueNode:
		if m.Key != nil && !reflect.ValueOf(m.Key).IsNil() {
			return d.pos(m.Key)
		}
	}
	return d.tokenPos(n.GetToken())
}

func (d *decoder) tokenPos(tk *token.Token) Pos {
	if tk == nil || tk.Position == nil {
		return Pos{File: d.file}
	}
	return Pos{File: d.file, Line: tk.Position.Line, Col: max(tk.Position.Column, 1)}
}

// docPos returns the position of a document: its "---" if it has one,
// else its body's. (DocumentNode.GetToken dereferences a nil Body, as in
// the empty document after a trailing "---".)
func (d *decoder) docPos(doc *ast.DocumentNode) Pos {
	if doc.Start != nil {
		return d.tokenPos(doc.Start)
	}
	if doc.Body != nil {
		return d.pos(doc.Body)
	}
	return Pos{File: d.file, Line: 1, Col: 1}
}

// what names a node's kind for messages.
func what(n ast.Node) string {
	if n == nil || reflect.ValueOf(n).IsNil() {
		return "nothing"
	}
	switch n := n.(type) {
	case *ast.MappingNode, *ast.MappingValueNode:
		return "a mapping"
	case *ast.SequenceNode:
		return "a list"
	case *ast.StringNode:
		if text, ok := numberText(n); ok {
			return "the number " + text
		}
		return "text"
	case *ast.LiteralNode:
		return "text"
	case *ast.IntegerNode, *ast.FloatNode, *ast.InfinityNode, *ast.NanNode:
		return "the number " + n.GetToken().Value
	case *ast.BoolNode:
		return "the boolean " + n.GetToken().Value
	case *ast.NullNode:
		return "nothing (null)"
	}
	return "a YAML " + strings.ToLower(n.Type().String())
}

// describe names what a Go type expects, for messages.
func describe(t reflect.Type) string {
	if reflect.PointerTo(t).Implements(textType) {
		return "text"
	}
	switch t.Kind() {
	case reflect.String:
		return "text"
	case reflect.Bool:
		return "true or false"
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
		reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		return "a whole number"
	case reflect.Float32, reflect.Float64:
		return "a number"
	case reflect.Slice:
		return "a list"
	case reflect.Struct, reflect.Map:
		return "a mapping"
	case reflect.Pointer:
		return describe(t.Elem())
	}
	return t.String()
}

func isNull(n ast.Node) bool {
	_, ok := n.(*ast.NullNode)
	return ok
}

// value decodes node n into v. path names the value for messages.
func (d *decoder) value(n ast.Node, v reflect.Value, path string) {
	switch n.(type) {
	case *ast.AnchorNode, *ast.AliasNode:
		d.errs.Add(d.pos(n), "YAML anchors and aliases are not supported here; write the value out (or use include)")
		return
	case *ast.TagNode:
		d.errs.Add(d.pos(n), "YAML tags are not supported here; remove %s", n.GetToken().Value)
		return
	case *ast.MergeKeyNode:
		d.errs.Add(d.pos(n), "YAML merge keys (<<) are not supported here")
		return
	}
	t := v.Type()
	if t == fieldsType {
		return
	}
	if t == timeType {
		d.date(n, v, path)
		return
	}
	if reflect.PointerTo(t).Implements(textType) {
		d.text(n, v, path)
		return
	}
	switch t.Kind() {
	case reflect.Pointer:
		if isNull(n) {
			return
		}
		if v.IsNil() {
			v.Set(reflect.New(t.Elem()))
		}
		d.value(n, v.Elem(), path)
	case reflect.Struct:
		d.structure(n, v, path)
	case reflect.Map:
		d.mapping(n, v, path)
	case reflect.Slice:
		d.list(n, v, path)
	case reflect.String:
		s, ok := n.(*ast.StringNode)
		if lit, isLit := n.(*ast.LiteralNode); isLit {
			s, ok = lit.Value, true
		}
		if !ok {
			d.mismatch(n, t, path)
			return
		}
		v.SetString(s.Value)
	case reflect.Bool:
		b, ok := n.(*ast.BoolNode)
		if !ok {
			d.mismatch(n, t, path)
			return
		}
		v.SetBool(b.Value)
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		if !d.decimal(n, path) {
			return
		}
		text, ok := numberText(n)
		if !ok {
			d.mismatch(n, t, path)
			return
		}
		x, err := strconv.ParseInt(text, 10, 64)
		if errors.Is(err, strconv.ErrRange) || err == nil && v.OverflowInt(x) {
			d.errs.Add(d.pos(n), "%s%s is out of range", at(path), n.GetToken().Value)
			return
		}
		if err != nil {
			d.mismatch(n, t, path)
			return
		}
		v.SetInt(x)
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		if !d.decimal(n, path) {
			return
		}
		text, ok := numberText(n)
		if !ok {
			d.mismatch(n, t, path)
			return
		}
		x, err := strconv.ParseUint(strings.TrimPrefix(text, "+"), 10, 64)
		negative := strings.HasPrefix(text, "-") && wholeNumber.MatchString(text)
		if negative || errors.Is(err, strconv.ErrRange) || err == nil && v.OverflowUint(x) {
			d.errs.Add(d.pos(n), "%s%s is out of range; expected a whole number from 0", at(path), n.GetToken().Value)
			return
		}
		if err != nil {
			d.mismatch(n, t, path)
			return
		}
		v.SetUint(x)
	case reflect.Float32, reflect.Float64:
		if !d.decimal(n, path) {
			return
		}
		var x float64
		switch n := n.(type) {
		case *ast.InfinityNode, *ast.NanNode:
			d.errs.Add(d.pos(n), "%sexpected a finite number, got %s", at(path), n.GetToken().Value)
			return
		case *ast.FloatNode:
			x = n.Value
		default:
			text, ok := numberText(n)
			if !ok {
				d.mismatch(n, t, path)
				return
			}
			f, err := strconv.ParseFloat(text, 64)
			if err != nil && !errors.Is(err, strconv.ErrRange) {
				d.mismatch(n, t, path)
				return
			}
			x = f // ±Inf when out of range
		}
		if math.IsInf(x, 0) || math.IsNaN(x) || v.OverflowFloat(x) {
			d.errs.Add(d.pos(n), "%s%s is out of range", at(path), n.GetToken().Value)
			return
		}
		v.SetFloat(x)
	default:
		panic("input: unsupported field type " + t.String())
	}
}

// at prefixes a message with the path of the value it is about, if any.
func at(path string) string {
	if path == "" {
		return ""
	}
	return path + ": "
}

var (
	// plainNumber matches the numbers of YAML 1.2's core schema. The
	// parser reads most of them, but leaves as text some that JSON and
	// YAML 1.2 allow (1e3, an exponent without a fraction) and integers
	// beyond 64 bits.
	plainNumber = regexp.MustCompile(`^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$`)
	wholeNumber = regexp.MustCompile(`^[-+]?[0-9]+$`)
)

// numberText returns the decimal text of an integer node, or of a plain
// (unquoted) scalar the parser left as text but that reads as a number.
// decimalNumber is how numbers are written in input files: decimal, with
// an optional sign, fraction and exponent, and no leading zero before
// another digit.
var decimalNumber = regexp.MustCompile(`^[-+]?(0|[1-9][0-9]*)(\.[0-9]*)?([eE][-+]?[0-9]+)?$|^[-+]?\.[0-9]+([eE][-+]?[0-9]+)?$`)

// decimal reports whether the number n is written in decimal, and
// reports it otherwise: YAML also reads 0x10 (16), 0o10 and, in YAML 1.1,
// 010 (8) and 1_000, which a reader of the file would take for other
// numbers, so the format does not take them.
func (d *decoder) decimal(n ast.Node, path string) bool {
	switch n.(type) {
	case *ast.IntegerNode, *ast.FloatNode:
	default:
		return true
	}
	text := n.GetToken().Value
	if decimalNumber.MatchString(text) {
		return true
	}
	d.errs.Add(d.pos(n), "%swrite numbers in decimal, such as 16 or 0.5: %s is in a form YAML readers disagree on", at(path), Quote(text))
	return false
}

func numberText(n ast.Node) (string, bool) {
	switch n := n.(type) {
	case *ast.IntegerNode:
		return fmt.Sprint(n.Value), true
	case *ast.StringNode:
		if n.Token != nil && n.Token.Type == token.StringType && plainNumber.MatchString(n.Value) {
			return n.Value, true
		}
	}
	return "", false
}

func (d *decoder) mismatch(n ast.Node, t reflect.Type, path string) {
	d.errs.Add(d.pos(n), "%sexpected %s, got %s", at(path), describe(t), what(n))
}

// date decodes a date, YYYY-MM-DD, into a time.Time at midnight UTC.
func (d *decoder) date(n ast.Node, v reflect.Value, path string) {
	var x Date
	d.text(n, reflect.ValueOf(&x).Elem(), path)
	v.Set(reflect.ValueOf(x.Time))
}

// text decodes a scalar through encoding.TextUnmarshaler.
func (d *decoder) text(n ast.Node, v reflect.Value, path string) {
	var s string
	switch n := n.(type) {
	case *ast.StringNode:
		s = n.Value
	case *ast.LiteralNode:
		s = n.Value.Value
	case *ast.IntegerNode, *ast.FloatNode, *ast.BoolNode:
		s = n.GetToken().Value
	default:
		d.mismatch(n, v.Type(), path)
		return
	}
	if err := v.Addr().Interface().(encoding.TextUnmarshaler).UnmarshalText([]byte(s)); err != nil {
		d.errs.Add(d.pos(n), "%s%v", at(path), err)
	}
}

// pairs returns the key-value pairs of a mapping node, or false.
func pairs(n ast.Node) ([]*ast.MappingValueNode, bool) {
	switch n := n.(type) {
	case *ast.MappingNode:
		return n.Values, true
	case *ast.MappingValueNode:
		return []*ast.MappingValueNode{n}, true
	}
	return nil, false
}

// key returns the text of a mapping key, or false if it is not a plain
// scalar.
func (d *decoder) key(kv *ast.MappingValueNode) (string, bool) {
	switch k := kv.Key.(type) {
	case *ast.StringNode:
		return k.Value, true
	case *ast.IntegerNode, *ast.FloatNode, *ast.BoolNode:
		return k.GetToken().Value, true
	case *ast.MappingKeyNode:
		d.errs.Add(d.pos(kv.Key), "complex mapping keys (?) are not supported here")
		return "", false
	case *ast.MergeKeyNode:
		d.errs.Add(d.pos(kv.Key), "YAML merge keys (<<) are not supported here")
		return "", false
	}
	d.errs.Add(d.pos(kv.Key), "a mapping key must be plain text, got %s", what(kv.Key))
	return "", false
}

func join(path, key string) string {
	if path == "" {
		return key
	}
	return path + "." + key
}

type field struct {
	name     string
	index    int
	required bool
}

func structFields(t reflect.Type) (fields []field, fieldsIdx int) {
	fieldsIdx = -1
	for i := range t.NumField() {
		sf := t.Field(i)
		if sf.Type == fieldsType {
			fieldsIdx = i
			continue
		}
		tag, ok := sf.Tag.Lookup("yaml")
		if !ok || tag == "-" || !sf.IsExported() {
			continue
		}
		name, opts, _ := strings.Cut(tag, ",")
		fields = append(fields, field{name: name, index: i, required: slices.Contains(strings.Split(opts, ","), "required")})
	}
	return fields, fieldsIdx
}

func (d *decoder) structure(n ast.Node, v reflect.Value, path string) {
	kvs, ok := pairs(n)
	if !ok {
		if isNull(n) {
			kvs = nil
		} else {
			d.mismatch(n, v.Type(), path)
			return
		}
	}
	fields, fieldsIdx := structFields(v.Type())
	pos := Fields{"": d.pos(n)}
	if len(kvs) > 0 {
		// The position of a mapping is that of its first key.
		pos[""] = d.pos(kvs[0].Key)
	}
	seen := map[string]bool{}
	for _, kv := range kvs {
		k, ok := d.key(kv)
		if !ok {
			continue
		}
		i := slices.IndexFunc(fields, func(f field) bool { return f.name == k })
		if i < 0 {
			d.unknown(kv, k, path, fields)
			continue
		}
		seen[k] = true
		pos[k] = d.pos(kv.Value)
		if isNull(kv.Value) {
			pos[k] = d.pos(kv.Key)
		}
		if seq, ok := kv.Value.(*ast.SequenceNode); ok {
			for i, e := range seq.Values {
				pos[fmt.Sprintf("%s[%d]", k, i)] = d.pos(e)
			}
		}
		d.value(kv.Value, v.Field(fields[i].index), join(path, k))
	}
	for _, f := range fields {
		if f.required && !seen[f.name] {
			d.errs.Add(pos[""], "%smissing key %q", at(path), f.name)
		}
	}
	if fieldsIdx >= 0 {
		v.Field(fieldsIdx).Set(reflect.ValueOf(pos))
	}
	if d.positions != nil && v.CanAddr() {
		d.positions[v.Addr().Interface()] = pos
	}
}

func (d *decoder) unknown(kv *ast.MappingValueNode, k, path string, fields []field) {
	names := make([]string, len(fields))
	for i, f := range fields {
		names[i] = f.name
	}
	where := ""
	if path != "" {
		where = " in " + path
	}
	if s := Suggest(k, names); s != "" {
		d.errs.Add(d.pos(kv.Key), "unknown key %s%s; did you mean %q?", Quote(k), where, s)
		return
	}
	d.errs.Add(d.pos(kv.Key), "unknown key %s%s; expected one of: %s", Quote(k), where, strings.Join(names, ", "))
}

func (d *decoder) mapping(n ast.Node, v reflect.Value, path string) {
	t := v.Type()
	if t.Key().Kind() != reflect.String {
		panic("input: map keys must be strings")
	}
	kvs, ok := pairs(n)
	if !ok {
		if !isNull(n) {
			d.mismatch(n, t, path)
		}
		return
	}
	if v.IsNil() {
		v.Set(reflect.MakeMap(t))
	}
	for _, kv := range kvs {
		k, ok := d.key(kv)
		if !ok {
			continue
		}
		e := reflect.New(t.Elem()).Elem()
		d.value(kv.Value, e, join(path, k))
		v.SetMapIndex(reflect.ValueOf(k).Convert(t.Key()), e)
	}
}

func (d *decoder) list(n ast.Node, v reflect.Value, path string) {
	seq, ok := n.(*ast.SequenceNode)
	if !ok {
		if !isNull(n) {
			d.mismatch(n, v.Type(), path)
		}
		return
	}
	s := reflect.MakeSlice(v.Type(), len(seq.Values), len(seq.Values))
	for i, e := range seq.Values {
		d.value(e, s.Index(i), fmt.Sprintf("%s[%d]", path, i))
	}
	v.Set(s)
}

// Bounds of the search for a suggestion (see Suggest).
const (
	// maxSuggestRunes is the longest word a suggestion is sought for:
	// keys, node IDs and flag names are short, and a longer word is no
	// typo of one.
	maxSuggestRunes = 64
	// maxSuggestCandidates is the most candidates compared.
	maxSuggestCandidates = 10_000
)

// Suggest returns the candidate closest to word by edit distance, if it is
// close enough to be a likely typo (at most half the word's length, and at
// least 2 edits are always allowed), or "". Its cost is bounded whatever
// the input: a word longer than 64 runes gets no suggestion, candidates
// whose length differs from the word's by more than the edits allowed are
// skipped, and at most the first 10,000 candidates are looked at, so the
// search is linear in the number of candidates.
func Suggest(word string, candidates []string) string {
	if len(word) > 4*maxSuggestRunes {
		return ""
	}
	w := []rune(strings.ToLower(word))
	if len(w) > maxSuggestRunes {
		return ""
	}
	limit := max(len(w)/2, 2)
	best, bestD := "", limit+1
	for i, c := range candidates {
		if i == maxSuggestCandidates {
			break
		}
		if len(c) > 4*(len(w)+limit) {
			continue // longer in runes too than the edits allowed reach
		}
		cr := []rune(strings.ToLower(c))
		if len(cr)-len(w) > limit || len(w)-len(cr) > limit {
			continue
		}
		if dist := editDistance(w, cr); dist < bestD {
			best, bestD = c, dist
		}
	}
	return best
}

// editDistance is the optimal string alignment distance between a and b:
// insertions, deletions, substitutions and swaps of two adjacent letters
// each count as one edit, so "sede" is one edit from "seed".
func editDistance(ra, rb []rune) int {
	d := make([][]int, len(ra)+1)
	for i := range d {
		d[i] = make([]int, len(rb)+1)
		d[i][0] = i
	}
	for j := range d[0] {
		d[0][j] = j
	}
	for i := 1; i <= len(ra); i++ {
		for j := 1; j <= len(rb); j++ {
			cost := 1
			if ra[i-1] == rb[j-1] {
				cost = 0
			}
			d[i][j] = min(d[i-1][j]+1, d[i][j-1]+1, d[i-1][j-1]+cost)
			if i > 1 && j > 1 && ra[i-1] == rb[j-2] && ra[i-2] == rb[j-1] {
				d[i][j] = min(d[i][j], d[i-2][j-2]+1)
			}
		}
	}
	return d[len(ra)][len(rb)]
}
