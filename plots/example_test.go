package plots_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"image/png"
	"log"
	"os"
	"path/filepath"

	"github.com/canalsim/canalsim/plots"
	"github.com/canalsim/canalsim/sim"
)

// Redraw the throughput figure of a results folder, as `canalsim plot`
// does: read daily.csv and manifest.json, then write the figure in the
// format asked for.
func ExampleThroughput() {
	dir := filepath.Join("testdata", "ppc-closure")
	f, err := os.Open(filepath.Join(dir, "daily.csv"))
	if err != nil {
		log.Fatal(err)
	}
	defer f.Close()
	table, err := sim.ReadDailyCSV("daily.csv", f)
	if err != nil {
		log.Fatal(err)
	}
	js, err := os.ReadFile(filepath.Join(dir, "manifest.json"))
	if err != nil {
		log.Fatal(err)
	}
	var m sim.Manifest
	if err := json.Unmarshal(js, &m); err != nil {
		log.Fatal(err)
	}

	format, err := plots.ParseFormat("png")
	if err != nil {
		log.Fatal(err)
	}
	var buf bytes.Buffer // a results folder would write to a temporary file, then rename it
	if err := plots.Throughput(&buf, format, table, &m); err != nil {
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
