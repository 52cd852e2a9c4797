// Package param addresses the numeric parameters of a model's data by
// path, the way a user names them in a file: the keys of the YAML form,
// joined by dots, such as nodes.railway.rail.capacity_teu_per_day or
// call_diversion.capacity_margin.
//
// A path walks a value (a struct, reached through pointers) key by key:
//
//   - a struct field by its yaml tag's name, or, without a tag, by its Go
//     name in snake_case (Factor is factor, MaxRun is max_run);
//   - an element of a slice by its index, [2], or, for elements with an
//     id (or, lacking one, a name) field, by that value as the next key:
//     nodes.railway or nodes[railway];
//   - a map entry by its key: diversion_days.container.
//
// The leaf is a number: a float64, an int (set to the nearest whole
// number), or a pointer to either (a nil pointer has no value to get; Set
// gives it one). Get, Set and Paths use reflection only; they never
// allocate the walked value anew, so Set changes the value given: callers
// that share data set paths on a Clone.
//
// The functions of this package are safe for concurrent use on different
// values.
package param

import (
	"errors"
	"fmt"
	"math"
	"reflect"
	"sort"
	"strconv"
	"strings"
	"unicode"
)

// Error is a path that does not lead to a number. Known lists the keys
// that would have been accepted where the path went wrong, for
// suggestions.
type Error struct {
	Path  string   // the whole path
	At    string   // the part of the path that is fine
	Key   string   // the key not found ("" when the path is fine but ends elsewhere)
	Msg   string   // what is wrong
	Known []string // the keys possible at At
}

// Error implements error: "param: PATH: what is wrong".
func (e *Error) Error() string { return fmt.Sprintf("param: %s: %s", e.Path, e.Msg) }

// Get returns the number at path within v (a pointer to a struct).
func Get(v any, path string) (float64, error) {
	l, err := find(v, path)
	if err != nil {
		return 0, err
	}
	return l.get()
}

// Set sets the number at path within v (a pointer to a struct) to x. An
// int is set to the nearest whole number; a nil pointer to a number is
// given one.
func Set(v any, path string, x float64) error {
	l, err := find(v, path)
	if err != nil {
		return err
	}
	return l.set(x)
}

// Paths lists every path to a number within v, in the order of the
// fields, elements named by their id where they have one. Nil pointers to
// numbers are listed (they can be set); nil pointers to structs are not.
func Paths(v any) []string {
	var out []string
	walk(reflect.ValueOf(v), "", &out)
	return out
}

// leaf is a number found by a path.
type leaf struct {
	v      reflect.Value // the number, settable; or a map
	key    reflect.Value // for a map entry
	path   string
	exists bool // false for a nil pointer
}

func (l leaf) get() (float64, error) {
	v := l.v
	if l.key.IsValid() {
		v = v.MapIndex(l.key)
	}
	if v.Kind() == reflect.Pointer {
		if v.IsNil() {
			return 0, &Error{Path: l.path, At: l.path, Msg: "not set"}
		}
		v = v.Elem()
	}
	switch {
	case v.CanFloat():
		return v.Float(), nil
	case v.CanInt():
		return float64(v.Int()), nil
	}
	return 0, &Error{Path: l.path, At: l.path, Msg: "not a number"}
}

func (l leaf) set(x float64) error {
	if math.IsNaN(x) || math.IsInf(x, 0) {
		return &Error{Path: l.path, At: l.path, Msg: fmt.Sprintf("cannot set %g", x)}
	}
	if l.key.IsValid() { // a map entry: maps of numbers only
		nv := reflect.New(l.v.Type().Elem()).Elem()
		if err := setNumber(nv, x); err != nil {
			return &Error{Path: l.path, At: l.path, Msg: err.Error()}
		}
		l.v.SetMapIndex(l.key, nv)
		return nil
	}
	v := l.v
	if v.Kind() == reflect.Pointer {
		if v.IsNil() {
			v.Set(reflect.New(v.Type().Elem()))
		}
		v = v.Elem()
	}
	if err := setNumber(v, x); err != nil {
		return &Error{Path: l.path, At: l.path, Msg: err.Error()}
	}
	return nil
}

func setNumber(v reflect.Value, x float64) error {
	switch {
	case v.CanFloat():
		v.SetFloat(x)
	case v.CanInt():
		r := math.Round(x)
		if r < math.MinInt32 || r > math.MaxInt32 {
			return fmt.Errorf("%g is out of range for a whole number", x)
		}
		v.SetInt(int64(r))
	default:
		return errors.New("not a number")
	}
	return nil
}

// isNumber reports whether t is a number or a pointer to one.
func isNumber(t reflect.Type) bool {
	if t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	switch t.Kind() {
	case reflect.Float32, reflect.Float64, reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		return true
	}
	return false
}

// split cuts a path into keys: "a.b[2].c" is a, b, [2], c.
func split(path string) ([]string, error) {
	var keys []string
	for part := range strings.SplitSeq(path, ".") {
		if part == "" {
			return nil, errors.New("empty key")
		}
		for part != "" {
			i := strings.IndexByte(part, '[')
			switch {
			case i < 0:
				keys = append(keys, part)
				part = ""
			case i > 0:
				keys = append(keys, part[:i])
				part = part[i:]
			default:
				j := strings.IndexByte(part, ']')
				if j < 0 {
					return nil, fmt.Errorf("unclosed [ in %q", part)
				}
				keys = append(keys, part[:j+1])
				part = part[j+1:]
			}
		}
	}
	if len(keys) == 0 || emptyKey(keys) {
		return nil, errors.New("empty key")
	}
	return keys, nil
}

// emptyKey reports whether any key is empty.
func emptyKey(keys []string) bool {
	for _, k := range keys {
		if k == "" || k == "[]" {
			return true
		}
	}
	return false
}

func find(root any, path string) (leaf, error) {
	keys, err := split(path)
	if err != nil {
		return leaf{}, &Error{Path: path, Msg: err.Error()}
	}
	v := reflect.ValueOf(root)
	done := ""
	join := func(k string) string {
		if done == "" || strings.HasPrefix(k, "[") {
			return done + k
		}
		return done + "." + k
	}
	for i, k := range keys {
		for v.Kind() == reflect.Pointer || v.Kind() == reflect.Interface {
			if v.IsNil() {
				return leaf{}, &Error{Path: path, At: done, Msg: fmt.Sprintf("%s is not set", nameOf(done))}
			}
			v = v.Elem()
		}
		switch v.Kind() {
		case reflect.Struct:
			f, ok := field(v, k)
			if !ok {
				return leaf{}, &Error{Path: path, At: done, Key: k, Msg: fmt.Sprintf("%s has no key %q", nameOf(done), k), Known: fieldNames(v)}
			}
			v = f
		case reflect.Slice, reflect.Array:
			j, ok := element(v, k)
			if !ok {
				return leaf{}, &Error{Path: path, At: done, Key: k, Msg: fmt.Sprintf("%s has no element %s", nameOf(done), k), Known: elementNames(v)}
			}
			v = v.Index(j)
		case reflect.Map:
			if v.Type().Key().Kind() != reflect.String || !isNumber(v.Type().Elem()) {
				return leaf{}, &Error{Path: path, At: done, Msg: fmt.Sprintf("%s is not a map of numbers", nameOf(done))}
			}
			key := reflect.ValueOf(strings.Trim(k, "[]")).Convert(v.Type().Key())
			if !v.MapIndex(key).IsValid() {
				return leaf{}, &Error{Path: path, At: done, Key: k, Msg: fmt.Sprintf("%s has no key %q", nameOf(done), k), Known: mapKeys(v)}
			}
			if i != len(keys)-1 {
				return leaf{}, &Error{Path: path, At: join(k), Msg: fmt.Sprintf("%s is a number; the path goes on", join(k))}
			}
			return leaf{v: v, key: key, path: path, exists: true}, nil
		default:
			return leaf{}, &Error{Path: path, At: done, Msg: fmt.Sprintf("%s is a number; the path goes on", nameOf(done))}
		}
		done = join(k)
	}
	if !isNumber(v.Type()) {
		return leaf{}, &Error{Path: path, At: done, Msg: fmt.Sprintf("%s is not a number: the path must go on to one", done), Known: childNames(v)}
	}
	return leaf{v: v, path: path, exists: v.Kind() != reflect.Pointer || !v.IsNil()}, nil
}

func nameOf(done string) string {
	if done == "" {
		return "the top level"
	}
	return done
}

// key is the name of struct field f in paths, or "" for none.
func key(f reflect.StructField) string {
	if !f.IsExported() {
		return ""
	}
	if tag, ok := f.Tag.Lookup("yaml"); ok {
		name, _, _ := strings.Cut(tag, ",")
		if name == "-" {
			return ""
		}
		if name != "" {
			return name
		}
	}
	return snake(f.Name)
}

// snake writes a Go name in snake_case: MaxRun is max_run, TEUPerDay is
// teu_per_day.
func snake(s string) string {
	r := []rune(s)
	var b strings.Builder
	for i, c := range r {
		if unicode.IsUpper(c) {
			prevLower := i > 0 && (unicode.IsLower(r[i-1]) || unicode.IsDigit(r[i-1]))
			nextLower := i+1 < len(r) && unicode.IsLower(r[i+1])
			if i > 0 && (prevLower || nextLower && unicode.IsUpper(r[i-1])) {
				b.WriteByte('_')
			}
			c = unicode.ToLower(c)
		}
		b.WriteRune(c)
	}
	return b.String()
}

func field(v reflect.Value, k string) (reflect.Value, bool) {
	t := v.Type()
	for i := range t.NumField() {
		if key(t.Field(i)) == k {
			return v.Field(i), true
		}
	}
	return reflect.Value{}, false
}

func fieldNames(v reflect.Value) []string {
	var out []string
	t := v.Type()
	for i := range t.NumField() {
		if k := key(t.Field(i)); k != "" {
			out = append(out, k)
		}
	}
	return out
}

// id returns the id (or else the name) of a slice element, "" for none.
func id(e reflect.Value) string {
	for e.Kind() == reflect.Pointer {
		if e.IsNil() {
			return ""
		}
		e = e.Elem()
	}
	if e.Kind() != reflect.Struct {
		return ""
	}
	for _, k := range []string{"id", "name"} {
		if f, ok := field(e, k); ok && f.Kind() == reflect.String && f.String() != "" {
			return f.String()
		}
	}
	return ""
}

func element(v reflect.Value, k string) (int, bool) {
	name := k
	if strings.HasPrefix(k, "[") {
		name = strings.TrimSuffix(strings.TrimPrefix(k, "["), "]")
		if j, err := strconv.Atoi(name); err == nil && strings.Trim(name, "0123456789") == "" {
			return j, j < v.Len()
		}
	}
	for j := range v.Len() {
		if id(v.Index(j)) == name {
			return j, true
		}
	}
	return 0, false
}

func elementNames(v reflect.Value) []string {
	var out []string
	for j := range v.Len() {
		if s := id(v.Index(j)); s != "" {
			out = append(out, s)
		} else {
			out = append(out, fmt.Sprintf("[%d]", j))
		}
	}
	return out
}

func mapKeys(v reflect.Value) []string {
	var out []string
	for _, k := range v.MapKeys() {
		out = append(out, k.String())
	}
	sort.Strings(out)
	return out
}

func childNames(v reflect.Value) []string {
	for v.Kind() == reflect.Pointer {
		if v.IsNil() {
			return nil
		}
		v = v.Elem()
	}
	switch v.Kind() {
	case reflect.Struct:
		return fieldNames(v)
	case reflect.Slice, reflect.Array:
		return elementNames(v)
	case reflect.Map:
		return mapKeys(v)
	}
	return nil
}

func walk(v reflect.Value, at string, out *[]string) {
	if isNumber(v.Type()) {
		*out = append(*out, at)
		return
	}
	for v.Kind() == reflect.Pointer || v.Kind() == reflect.Interface {
		if v.IsNil() {
			return
		}
		v = v.Elem()
	}
	join := func(k string) string {
		if at == "" {
			return k
		}
		return at + "." + k
	}
	switch v.Kind() {
	case reflect.Struct:
		t := v.Type()
		for i := range t.NumField() {
			if k := key(t.Field(i)); k != "" {
				walk(v.Field(i), join(k), out)
			}
		}
	case reflect.Slice, reflect.Array:
		for j := range v.Len() {
			if s := id(v.Index(j)); s != "" {
				walk(v.Index(j), join(s), out)
			} else {
				walk(v.Index(j), fmt.Sprintf("%s[%d]", at, j), out)
			}
		}
	case reflect.Map:
		if v.Type().Key().Kind() == reflect.String && isNumber(v.Type().Elem()) {
			for _, k := range mapKeys(v) {
				*out = append(*out, join(k))
			}
		}
	}
}

// Clone returns a deep copy of v (a pointer to a struct, or any value):
// its exported fields, pointers, slices and maps copied all the way down,
// so that setting paths on the copy leaves v as it is. Unexported fields
// are left zero: types with derived state (indexes, graphs) must build it
// again.
func Clone[T any](v T) T {
	c := clone(reflect.ValueOf(&v).Elem())
	return c.Interface().(T)
}

func clone(v reflect.Value) reflect.Value {
	out := reflect.New(v.Type()).Elem()
	switch v.Kind() {
	case reflect.Pointer:
		if !v.IsNil() {
			p := reflect.New(v.Type().Elem())
			p.Elem().Set(clone(v.Elem()))
			out.Set(p)
		}
	case reflect.Struct:
		t := v.Type()
		if t.NumField() > 0 && !hasExported(t) {
			out.Set(v) // an opaque value such as time.Time: copied as is
			break
		}
		for i := range t.NumField() {
			if t.Field(i).IsExported() {
				out.Field(i).Set(clone(v.Field(i)))
			}
		}
	case reflect.Slice:
		if !v.IsNil() {
			s := reflect.MakeSlice(v.Type(), v.Len(), v.Len())
			for j := range v.Len() {
				s.Index(j).Set(clone(v.Index(j)))
			}
			out.Set(s)
		}
	case reflect.Array:
		for j := range v.Len() {
			out.Index(j).Set(clone(v.Index(j)))
		}
	case reflect.Map:
		if !v.IsNil() {
			m := reflect.MakeMapWithSize(v.Type(), v.Len())
			it := v.MapRange()
			for it.Next() {
				m.SetMapIndex(it.Key(), clone(it.Value()))
			}
			out.Set(m)
		}
	case reflect.Interface:
		if !v.IsNil() {
			out.Set(clone(v.Elem()))
		}
	default:
		out.Set(v)
	}
	return out
}

func hasExported(t reflect.Type) bool {
	for i := range t.NumField() {
		if t.Field(i).IsExported() {
			return true
		}
	}
	return false
}
