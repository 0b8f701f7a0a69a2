/** Finds the command for the given words, runs it, and turns errors into messages and exit codes. */
import { ConfigError } from '../config.js';
import { auditVerifyCommand } from './audit.js';
import { electionSimulateCommand } from './election.js';
import { CliFailure, type CliIo, type Command, type CommandResult, UsageError } from './io.js';
import { keysGenerateCommand, keysRotateCommand } from './keys.js';
import { membersImportCommand } from './members-import.js';
import { migrateCommand } from './migrate.js';
import { setupLinkCommand } from './setup-link.js';
import { startCommand } from './start.js';
import { usersCreateCommand, usersDisableCommand, usersResetMfaCommand } from './users-commands.js';

export const COMMANDS: Command[] = [
  startCommand,
  migrateCommand,
  setupLinkCommand,
  usersCreateCommand,
  usersResetMfaCommand,
  usersDisableCommand,
  keysRotateCommand,
  keysGenerateCommand,
  auditVerifyCommand,
  electionSimulateCommand,
  membersImportCommand,
];

const isHelp = (a: string | undefined) => a === '--help' || a === '-h' || a === 'help';

/** The overview of all commands (or of one group, e.g. `users`). */
export function overview(group?: string): string {
  const cmds = COMMANDS.filter((c) => !group || c.path[0] === group);
  const width = Math.max(...cmds.map((c) => c.path.join(' ').length));
  return [
    `Usage: unionhall ${group ?? '<command>'} ${group ? '<subcommand> ' : ''}[options]`,
    '',
    'Commands:',
    ...cmds.map((c) => `  ${c.path.join(' ').padEnd(width)}  ${c.summary}`),
    '',
    `Run "unionhall ${group ? `${group} ` : ''}<${group ? 'subcommand' : 'command'}> --help" for the options of one command.`,
    ...(group
      ? []
      : [
          'Configuration comes from the environment (UNIONHALL_DATA_DIR, DATABASE_URL, UNIONHALL_MASTER_KEY, ...),',
          'exactly as for the server; see docs/operations.md.',
        ]),
  ].join('\n');
}

/**
 * Runs `unionhall <argv>`.
 * @returns the exit code (0 ok, 1 failure, 2 usage error), or 'running' when the server was started.
 */
export async function runCli(argv: string[], io: CliIo): Promise<CommandResult> {
  const [first, second] = argv;
  if (first === undefined) {
    io.err(overview());
    return 2;
  }
  if (isHelp(first)) {
    io.out(overview());
    return 0;
  }
  const command = COMMANDS.find((c) => c.path.every((word, i) => argv[i] === word));
  if (!command) {
    const group = COMMANDS.some((c) => c.path.length > 1 && c.path[0] === first);
    if (group && isHelp(second)) {
      io.out(overview(first));
      return 0;
    }
    io.err(
      group
        ? `unionhall ${first}: ${second === undefined ? 'a subcommand is needed' : `unknown subcommand "${second}"`}.\n\n${overview(first)}`
        : `unionhall: unknown command "${first}".\n\n${overview()}`,
    );
    return 2;
  }
  const name = command.path.join(' ');
  try {
    return await command.run(argv.slice(command.path.length), io);
  } catch (err) {
    if (err instanceof UsageError) {
      io.err(`unionhall ${name}: ${err.message}\nRun "unionhall ${name} --help" for usage.`);
      return 2;
    }
    if (err instanceof CliFailure || err instanceof ConfigError) {
      io.err(`unionhall ${name}: ${err.message}`);
      return 1;
    }
    io.err(`unionhall ${name} failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
    return 1;
  }
}
