// Management commands: `reinhardt/core/management`.
export { defineCommand, CommandError, isCommand, parseCommandArgs, formatCommandHelp, type Command, type CommandContext, type OptionSpec, type ArgSpec, type ParsedOptions } from './base.ts';
