// Package policy is oslo.policy's rule language and enforcer as Mistral 15
// uses them: the rules (`role:admin`, `rule:name`, `project_id:%(project_id)s`,
// `is_admin:True`, `@`, `!`, `and`/`or`/`not`, parentheses, generic checks on
// credentials and literals), parsed by the same greedy shift-reduce grammar
// as oslo.policy so that odd rules mean what they mean there; Mistral's
// default rules built in; and an operator's policy file (YAML or JSON,
// [oslo_policy] policy_file found in the config directories as oslo.config
// finds it, plus policy_dirs) overriding single rules, reloaded when it
// changes.
//
// Remote "http:"/"https:" checks are refused with an error when the policy
// file is loaded. Enforcement scopes (enforce_scope, enforce_new_defaults)
// change nothing for Mistral 15: none of its rules has scope types or
// deprecated defaults.
package policy
