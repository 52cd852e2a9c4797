package input

import (
	"fmt"
	"io"
	"io/fs"
	"os"
	"unicode/utf8"
)

// MaxFileBytes bounds the size of an input file: a scenario, an include, a
// network, a demand or an arrivals file. The largest file canalsim ships
// (the Panama network) is about 15 KB, and a year of arrivals at Panama
// (some 14,000 vessels) about 1.5 MB as CSV; 16 MiB leaves room for a
// decade of arrivals while keeping what a mistaken path (a disk image, a
// log, /dev/urandom) can cost to a fraction of a second and of memory.
const MaxFileBytes = 16 << 20

// ReadFile reads the input file at path, which must be a regular file (see
// Open) of at most MaxFileBytes. It is the one door through which canalsim
// reads the files a user names; its errors name the path and wrap the fs
// errors (fs.ErrNotExist for a missing file).
func ReadFile(path string) ([]byte, error) {
	f, err := Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	if info, err := f.Stat(); err == nil && info.Size() > MaxFileBytes {
		return nil, tooLarge(path)
	}
	// The size may change while reading: read one byte more than allowed
	// to tell.
	data, err := io.ReadAll(io.LimitReader(f, MaxFileBytes+1))
	if err != nil {
		return nil, err
	}
	if len(data) > MaxFileBytes {
		return nil, tooLarge(path)
	}
	return data, nil
}

func tooLarge(path string) error {
	return fmt.Errorf("%s is larger than %d MiB, the limit of an input file", path, MaxFileBytes>>20)
}

// Open opens the file at path for reading if it is a regular file: a
// folder, a device (/dev/urandom, /dev/zero, a terminal) or a named pipe,
// which would never end or would block forever, is refused before it is
// opened. Open does not bound the size: ReadFile does, for the files
// people write; results files that canalsim wrote itself, which grow with
// the run, are opened with Open.
func Open(path string) (*os.File, error) {
	// Stat first: opening a named pipe for reading blocks until a writer
	// opens it.
	info, err := os.Stat(path)
	if pe, ok := err.(*fs.PathError); ok {
		pe.Op = "open" // what the user asked for
	}
	if err != nil {
		return nil, err
	}
	if !info.Mode().IsRegular() {
		return nil, notRegular(path)
	}
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	// Again on what was opened, in case the path changed in between.
	if info, err = f.Stat(); err != nil || !info.Mode().IsRegular() {
		f.Close()
		if err == nil {
			err = notRegular(path)
		}
		return nil, err
	}
	return f, nil
}

func notRegular(path string) error { return fmt.Errorf("%s is not a regular file", path) }

// ReadText reads all of r, the named file, and checks that it is UTF-8
// text (CheckUTF8): the start of every reader of a text file.
func ReadText(file string, r io.Reader) ([]byte, error) {
	data, err := io.ReadAll(r)
	if err != nil {
		return nil, fmt.Errorf("reading %s: %w", file, err)
	}
	if e := CheckUTF8(file, data); e != nil {
		return nil, e
	}
	return data, nil
}

// CheckUTF8 reports the first byte of data that is not UTF-8, at its line
// and column (counted in characters), or nil: input files are UTF-8 text,
// and a name or description with a stray byte (a file saved in Latin-1,
// say) would reach reports and figures as garbage.
func CheckUTF8(file string, data []byte) *Error {
	if utf8.Valid(data) {
		return nil
	}
	line, col := 1, 1
	for i := 0; i < len(data); {
		r, n := utf8.DecodeRune(data[i:])
		if r == utf8.RuneError && n <= 1 {
			return &Error{Pos: Pos{File: file, Line: line, Col: col}, Msg: fmt.Sprintf("byte 0x%02x is not UTF-8 text: save the file as UTF-8", data[i])}
		}
		if r == '\n' {
			line, col = line+1, 1
		} else {
			col++
		}
		i += n
	}
	return nil
}
