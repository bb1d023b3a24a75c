// Package config reads mistral.conf (oslo.config INI files) into one typed
// struct per component, with Mistral's option names and defaults. It only
// parses; it starts nothing.
package config
