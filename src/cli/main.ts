#!/usr/bin/env node
/** The `crmkit` command. See docs/cli.md. */
console.error('crmkit: the CLI is being built');
process.exitCode = 1;
