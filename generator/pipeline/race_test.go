//go:build race

package pipeline

// raceOn: the race detector makes every build several times slower, so
// the slowest tests make smaller archives (the same cases, fewer entries).
const raceOn = true
