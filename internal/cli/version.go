package cli

import (
	"fmt"
	"runtime/debug"
	"strings"

	"github.com/spf13/cobra"

	"github.com/procuret/procuret-go"
)

// versionInfo is what the build recorded: the module's version ("(devel)" for a build from
// a checkout), the commit and its time when built from a git checkout, and the Go version.
type versionInfo struct {
	Version   string `json:"version"`
	Commit    string `json:"commit,omitempty"`
	BuildDate string `json:"build_date,omitempty"`
	Modified  bool   `json:"modified,omitempty"`
	Go        string `json:"go"`
	Library   string `json:"library"`
}

func (a *app) buildVersion() versionInfo {
	v := versionInfo{Version: "(unknown)", Library: procuret.Version}
	read := a.env.BuildInfo
	if read == nil {
		read = debug.ReadBuildInfo
	}
	bi, ok := read()
	if !ok {
		return v
	}
	v.Go = bi.GoVersion
	if bi.Main.Version != "" {
		v.Version = bi.Main.Version
	}
	for _, s := range bi.Settings {
		switch s.Key {
		case "vcs.revision":
			v.Commit = s.Value
		case "vcs.time":
			v.BuildDate = s.Value
		case "vcs.modified":
			v.Modified = s.Value == "true"
		}
	}
	return v
}

// cliVersion is the version for the User-Agent: the module's, or the library's for a build
// from a checkout.
func (a *app) cliVersion() string {
	v := a.buildVersion().Version
	if v == "" || strings.HasPrefix(v, "(") {
		return procuret.Version
	}
	return strings.TrimPrefix(v, "v")
}

func (a *app) printVersion() error {
	v := a.buildVersion()
	if a.jsonWanted() {
		return a.printJSON(v)
	}
	fmt.Fprintf(a.out, "procuret %s\n", v.Version)
	if v.Commit != "" {
		mod := ""
		if v.Modified {
			mod = " (with uncommitted changes)"
		}
		fmt.Fprintf(a.out, "commit   %s%s\n", v.Commit, mod)
	}
	if v.BuildDate != "" {
		fmt.Fprintf(a.out, "built    %s\n", v.BuildDate)
	}
	fmt.Fprintf(a.out, "go       %s\n", v.Go)
	fmt.Fprintf(a.out, "library  procuret-go %s\n", v.Library)
	return nil
}

func (a *app) versionCommand() *cobra.Command {
	return &cobra.Command{
		Use:   "version",
		Short: "print the version, commit, build date and Go version",
		Long: `Print the version of procuret as its build recorded it: the module version (or
"(devel)" for a build from a checkout), the commit and its date (when built from a git
checkout), and the Go version. The same as procuret --version.`,
		Example: examples("procuret version", "procuret version --json"),
		Args:    noArgs,
		RunE:    func(cmd *cobra.Command, args []string) error { return a.printVersion() },
	}
}
