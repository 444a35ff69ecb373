package search

import (
	"encoding/json"
	"errors"
	"strings"
	"testing"
)

// A damaged index file is an error that names the file and keeps the
// decoder's error as its cause (errors.As finds it), not only its text.
func TestOpenDamagedManifestWrapsTheCause(t *testing.T) {
	_, err := Open(func(name string) ([]byte, error) {
		return []byte(`GenSearch.put("m",1,{"big": );` + "\n"), nil
	})
	var syn *json.SyntaxError
	if err == nil || !strings.HasPrefix(err.Error(), ManifestFile+": ") || !errors.As(err, &syn) {
		t.Fatalf("Open(damaged manifest) = %v; want an error naming %s that wraps a *json.SyntaxError", err, ManifestFile)
	}
}
