package kernel_test

import (
	"context"
	"fmt"
	"time"

	"github.com/canalsim/canalsim/sim/kernel"
)

// Ships arrive at a lock with one lane; a lockage takes 90 minutes, and a
// ship that finds the lane busy waits its turn. Entities are plain values
// and handlers; the argument of each event is the ship's index.
func Example() {
	ships := []string{"Ancon", "Cristobal", "Panama"}
	arrivals := []kernel.Time{0, 30 * kernel.Minute, 40 * kernel.Minute}
	const lockage = 90 * kernel.Minute

	clock := kernel.NewClock(time.Date(1914, time.August, 15, 7, 0, 0, 0, time.UTC))
	lane := kernel.NewServer(1)
	log := func(s *kernel.Sim, ship int64, what string) {
		fmt.Printf("%s %-9s %s\n", clock.Date(s.Now()).Format("15:04"), ships[ship], what)
	}

	var enter, leave kernel.HandlerFunc
	arrive := kernel.HandlerFunc(func(s *kernel.Sim, ship int64) {
		log(s, ship, "arrives")
		lane.Request(s, 0, enter, ship)
	})
	enter = func(s *kernel.Sim, ship int64) {
		log(s, ship, "enters the lock")
		s.After(lockage, leave, ship)
	}
	leave = func(s *kernel.Sim, ship int64) {
		log(s, ship, "leaves")
		lane.Release(s)
	}

	var sim kernel.Sim
	for i, at := range arrivals {
		sim.Schedule(at, arrive, int64(i))
	}
	if err := sim.Run(context.Background(), kernel.Never); err != nil {
		fmt.Println(err)
	}
	fmt.Printf("%d lockages, mean wait %v\n", lane.Granted(), lane.WaitTotal()/kernel.Time(lane.Granted()))
	// Output:
	// 07:00 Ancon     arrives
	// 07:00 Ancon     enters the lock
	// 07:30 Cristobal arrives
	// 07:40 Panama    arrives
	// 08:30 Ancon     leaves
	// 08:30 Cristobal enters the lock
	// 10:00 Cristobal leaves
	// 10:00 Panama    enters the lock
	// 11:30 Panama    leaves
	// 3 lockages, mean wait 1h6m40s
}
