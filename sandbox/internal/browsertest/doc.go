// Package browsertest drives the sandbox's inspector in a real browser (Debian's Chromium,
// headless, through chromedp): see browser_test.go. It has no code of its own; it is a package
// of its own so that the browser's process and goroutines stay out of the sandbox's tests.
package browsertest
