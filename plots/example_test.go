package plots_test

import (
	"bytes"
	"fmt"
	"image/png"
	"log"
	"path/filepath"

	"github.com/canalsim/canalsim/plots"
	"github.com/canalsim/canalsim/results"
)

// Redraw the throughput figure of a results folder, as `canalsim plot`
// does: read the folder (its daily.csv folded into bands as it is read),
// then write the figure in the format asked for.
func ExampleThroughput() {
	r, err := results.Load(filepath.Join("testdata", "ppc-closure"))
	if err != nil {
		log.Fatal(err)
	}

	format, err := plots.ParseFormat("png")
	if err != nil {
		log.Fatal(err)
	}
	var buf bytes.Buffer // a results folder would write to a temporary file, then rename it
	if err := plots.Throughput(&buf, format, r.Bands, r.Manifest); err != nil {
		log.Fatal(err)
	}

	img, err := png.Decode(&buf)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Printf("%s: %d x %d pixels\n", plots.File("throughput", format), img.Bounds().Dx(), img.Bounds().Dy())
	// Output:
	// throughput.png: 1200 x 900 pixels
}

func ExampleParseFormat() {
	for _, s := range []string{"svg", "PDF", ".png", "gif"} {
		f, err := plots.ParseFormat(s)
		if err != nil {
			fmt.Println(err)
			continue
		}
		fmt.Println(plots.File("throughput", f))
	}
	// Output:
	// throughput.svg
	// throughput.pdf
	// throughput.png
	// plots: unknown format "gif"; expected svg, png or pdf
}
