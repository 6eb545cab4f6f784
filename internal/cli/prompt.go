package cli

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"

	"golang.org/x/term"
)

// Prompts go to Stderr, so that Stdout carries only the result (and --json stays clean).

// ask prints question and reads one line. ok is false when Stdin ended before a line.
func (a *app) ask(ctx context.Context, question string) (answer string, ok bool, err error) {
	fmt.Fprint(a.errw, question)
	line, err := await(ctx, func() (string, error) { return a.in.ReadString('\n') })
	if errors.Is(err, io.EOF) {
		if line == "" {
			fmt.Fprintln(a.errw)
			return "", false, nil
		}
		err = nil
	}
	return strings.TrimSpace(line), err == nil, err
}

// askUntil asks question until check accepts the answer: check returns the value, or a
// line saying what was wrong, printed before the question comes again. ok is false when
// Stdin ended first.
func (a *app) askUntil(ctx context.Context, question string, check func(string) (value, problem string)) (string, bool, error) {
	for {
		answer, ok, err := a.ask(ctx, question)
		if err != nil || !ok {
			return "", ok, err
		}
		v, problem := check(answer)
		if problem == "" {
			return v, true, nil
		}
		fmt.Fprintln(a.errw, problem)
	}
}

// askPassword reads the password without echoing it: through Env.ReadPassword, else from the
// terminal, else as a line of Stdin (a script's pipe).
func (a *app) askPassword(ctx context.Context) (string, bool, error) {
	read := a.env.ReadPassword
	if read == nil {
		if f, isFile := a.env.Stdin.(*os.File); isFile && term.IsTerminal(int(f.Fd())) {
			return a.terminalPassword(ctx, int(f.Fd()))
		}
		pw, ok, err := a.ask(ctx, "Password: ")
		return pw, ok, err
	}
	fmt.Fprint(a.errw, "Password: ")
	pw, err := await(ctx, read)
	fmt.Fprintln(a.errw) // the user's Enter was not echoed
	return strings.TrimRight(pw, "\r\n"), err == nil, err
}

// terminalPassword reads from the terminal with echo off. Ctrl-C arrives as ctx ending (main
// catches the signal), while term.ReadPassword is still blocked in read: the terminal's state
// is restored here so that the shell does not stay without echo.
func (a *app) terminalPassword(ctx context.Context, fd int) (string, bool, error) {
	state, err := term.GetState(fd)
	if err != nil {
		return "", false, fmt.Errorf("read the password: %w", err)
	}
	fmt.Fprint(a.errw, "Password: ")
	pw, err := await(ctx, func() (string, error) {
		b, err := term.ReadPassword(fd)
		return string(b), err
	})
	fmt.Fprintln(a.errw)
	if ctx.Err() != nil {
		term.Restore(fd, state)
	}
	if err != nil {
		return "", false, err
	}
	return pw, true, nil
}

// await runs read, returning early with ctx's error when ctx ends first. A read left behind
// dies with the process: Run returns and main exits.
func await(ctx context.Context, read func() (string, error)) (string, error) {
	type result struct {
		s   string
		err error
	}
	done := make(chan result, 1)
	go func() {
		s, err := read()
		done <- result{s, err}
	}()
	select {
	case r := <-done:
		return r.s, r.err
	case <-ctx.Done():
		return "", ctx.Err()
	}
}
