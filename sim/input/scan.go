package input

import "fmt"

// Bounds on the shape of a YAML file, checked by a scan of its bytes before
// the YAML parser sees them: the parser's time grows with the square of
// the nesting depth and of the keys of one block mapping (40,000 levels of
// "[" in an 80 KB file take it seconds and gigabytes; 100,000 keys in one
// mapping, half a minute), and is about a microsecond a node otherwise.
// canalsim's own files have a few hundred lines.
const (
	// MaxDepth bounds the nesting of collections: block indentation
	// levels, compact "- " entries and flow "[" and "{" together.
	MaxDepth = 100
	// MaxKeys bounds the keys of one block mapping (a list's items are
	// bounded by MaxNodes only).
	MaxKeys = 1000
	// MaxNodes bounds the nodes of a file, counted as its lines of
	// content, or the flow "[", "{" and "," of a line that has more than
	// one.
	MaxNodes = 100_000
)

// scan checks that data, YAML, stays within MaxDepth, MaxKeys and
// MaxNodes, in time linear in its length, and returns the first excess at
// its position, or nil. It knows just enough YAML to tell the structure
// from text: comments, quoted scalars (taken to end on their line; a
// quoted scalar running over lines only makes the scan count more), block
// scalars (| and >) and flow collections.
func scan(file string, data []byte) *Error {
	type level struct{ indent, keys int }
	var (
		stack       []level // the open block collections, by indentation
		flow        int     // depth of flow collections
		nodes       int
		blockDepth  int  // the block nesting of the last line outside flow collections
		blockScalar = -1 // the indentation of the line of a | or >: more indented lines are its text
		line        = 1
		at          = func(col int, format string, args ...any) *Error {
			return &Error{Pos: Pos{File: file, Line: line, Col: col}, Msg: fmt.Sprintf(format, args...)}
		}
	)
	for start := 0; start < len(data); line++ {
		end := start
		for end < len(data) && data[end] != '\n' {
			end++
		}
		l := data[start:end]
		start = end + 1
		indent := 0
		for indent < len(l) && l[indent] == ' ' {
			indent++
		}
		if indent == len(l) || l[indent] == '#' || l[indent] == '\r' {
			continue // blank or comment
		}
		if blockScalar >= 0 {
			if indent > blockScalar {
				continue // text
			}
			blockScalar = -1
		}
		nodes++
		if nodes > MaxNodes {
			return at(1, "the file has more than %d nodes (lines and flow entries), the limit of an input file", MaxNodes)
		}
		i := indent
		if indent == 0 && (hasPrefix(l, "---") || hasPrefix(l, "...")) {
			stack = stack[:0] // a new document
		}
		if flow == 0 {
			for len(stack) > 0 && stack[len(stack)-1].indent > indent {
				stack = stack[:len(stack)-1]
			}
			if n := len(stack); n == 0 || stack[n-1].indent < indent {
				stack = append(stack, level{indent: indent})
			}
			if top := &stack[len(stack)-1]; l[indent] != '-' && isKey(l[indent:]) {
				top.keys++
				if top.keys > MaxKeys {
					return at(indent+1, "more than %d keys in one mapping, the limit of an input file", MaxKeys)
				}
			}
			blockDepth = len(stack)
			// Compact entries nest on one line: "- - - x", "- key: x".
			for i < len(l) && (l[i] == '-' || l[i] == '?') && (i+1 == len(l) || l[i+1] == ' ') {
				blockDepth++
				i++
				for i < len(l) && l[i] == ' ' {
					i++
				}
			}
			if blockDepth > MaxDepth {
				return at(i+1, "collections nest more than %d deep, the limit of an input file", MaxDepth)
			}
		}
		tokStart := true // a quote, a flow collection or a block scalar may start here
		flowTokens := 0  // "[", "{" and "," on the line: nodes beyond the first
	chars:
		for ; i < len(l); i++ {
			c := l[i]
			switch {
			case c == ' ' || c == '\t' || c == '\r':
				continue
			case c == '#' && (i == 0 || l[i-1] == ' ' || l[i-1] == '\t'):
				break chars
			case (c == '\'' || c == '"') && tokStart:
				// Skip the quoted scalar, to the end of the line at most.
				for i++; i < len(l); i++ {
					if c == '"' && l[i] == '\\' {
						i++
						continue
					}
					if l[i] == c {
						if c == '\'' && i+1 < len(l) && l[i+1] == '\'' {
							i++ // '' is a quote in a single-quoted scalar
							continue
						}
						break
					}
				}
				tokStart = false
			case (c == '[' || c == '{') && (tokStart || flow > 0):
				flow++
				if flowTokens++; flowTokens > 1 {
					nodes++
				}
				if blockDepth+flow > MaxDepth {
					return at(i+1, "collections nest more than %d deep, the limit of an input file", MaxDepth)
				}
				tokStart = true
			case (c == ']' || c == '}') && flow > 0:
				flow--
				tokStart = false
			case c == ',' && flow > 0:
				if flowTokens++; flowTokens > 1 {
					nodes++
				}
				tokStart = true
			case (c == '|' || c == '>') && tokStart && flow == 0:
				blockScalar = indent
				break chars
			case (c == ':' || c == '-' || c == '?') && (i+1 == len(l) || l[i+1] == ' ' || l[i+1] == '\t' || flow > 0 && (l[i+1] == ',' || l[i+1] == ']' || l[i+1] == '}')):
				tokStart = true
			default:
				tokStart = false
			}
		}
		if nodes > MaxNodes {
			return at(1, "the file has more than %d nodes (lines and flow entries), the limit of an input file", MaxNodes)
		}
	}
	return nil
}

// isKey reports whether a line of a block collection holds a key: a ':'
// followed by a space or ending the line.
func isKey(l []byte) bool {
	for i, c := range l {
		if c == ':' && (i+1 == len(l) || l[i+1] == ' ' || l[i+1] == '\t' || l[i+1] == '\r') {
			return true
		}
	}
	return false
}

func hasPrefix(l []byte, p string) bool { return len(l) >= len(p) && string(l[:len(p)]) == p }
